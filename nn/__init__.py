"""nn: neurons, layers, losses, optimizers, data and training on autograd-mini Values.

>>> import nn
>>> model = nn.MLP(2, [16, 16, 1])      # micrograd's network: ReLU hidden, linear output
>>> model.num_parameters()
337
"""

from nn import data, init
from nn.layers import MLP, BrokenModel, Layer, Neuron, WrongInput
from nn.losses import (
    BCEWithLogits,
    CrossEntropy,
    Hinge,
    Loss,
    SquaredError,
    binary_cross_entropy_with_logits,
    hinge,
    l2_penalty,
    softmax,
    softmax_cross_entropy,
    squared_error,
)
from nn.metrics import accuracy
from nn.mnist import DataUnavailableError
from nn.module import Module
from nn.one_trainer import ModelInTraining
from nn.optim import SGD, Adam, NonFiniteStep, Optimizer, linear_decay
from nn.serialize import (
    ModelFileForbidden,
    ModelFileIsFolder,
    ModelFileMissing,
    ModelFileUnreadable,
    ModelFileUnwritable,
    ModelSaveFolderMissing,
    ModelSaveForbidden,
    ModelSaveThroughFile,
    ModelSaveToFolder,
    load,
    save,
)
from nn.torch_bridge import from_torch, to_torch
from nn.train import History, TrainingDiverged, TrainingStopped, evaluate, fit, predict

__all__ = [
    "MLP",
    "SGD",
    "Adam",
    "BCEWithLogits",
    "BrokenModel",
    "CrossEntropy",
    "DataUnavailableError",
    "Hinge",
    "History",
    "Layer",
    "Loss",
    "ModelFileForbidden",
    "ModelFileIsFolder",
    "ModelFileMissing",
    "ModelFileUnreadable",
    "ModelFileUnwritable",
    "ModelInTraining",
    "ModelSaveFolderMissing",
    "ModelSaveForbidden",
    "ModelSaveThroughFile",
    "ModelSaveToFolder",
    "Module",
    "Neuron",
    "NonFiniteStep",
    "Optimizer",
    "SquaredError",
    "TrainingDiverged",
    "TrainingStopped",
    "WrongInput",
    "accuracy",
    "binary_cross_entropy_with_logits",
    "data",
    "evaluate",
    "fit",
    "from_torch",
    "hinge",
    "init",
    "l2_penalty",
    "linear_decay",
    "load",
    "predict",
    "save",
    "softmax",
    "softmax_cross_entropy",
    "squared_error",
    "to_torch",
]
