"""The command line's own words: its help and its error messages, one table per language.

``autograd-mini graph --lang zh`` draws the picture's words in Chinese
(:mod:`autograd_mini.words`); a student who types ``--lang zh`` reads the command's help
and errors in Chinese too. These phrases are not in :mod:`autograd_mini.words`: that table
holds the words drawn into pictures, and its tests require every phrase there to be
drawn in some picture; a message on stderr is drawn in none.

The language is the thread's picture language (the command sets it for its run); it is
known before the arguments are parsed by :func:`argv_language`, since ``--lang zh`` may
come after the mistake. argparse's own messages ("unrecognized arguments", "usage:") are
translated where argparse looks its words up, its gettext function (:func:`argparse_words`),
never by rewriting its output.
"""

from __future__ import annotations

import argparse
import re
import sys
import threading
import unicodedata
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from autograd_mini.locks import fork_safe
from autograd_mini.words import LANGUAGES, current

__all__ = [
    "MESSAGES",
    "OTHERS_WORDS",
    "ArgumentParser",
    "HelpFormatter",
    "argparse_words",
    "argv_language",
    "option_word",
    "others_say",
    "say",
]

#: The command's phrases by key; fields (``{name}``) are filled with text already
#: written (a name's repr, a number): both languages have the same keys and fields
#: (tests/test_cli_words.py checks it).
MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "error": "{prog}: error: {message}",
        "and": "; and ",
        "list": ", ",
        # cli.py
        "description": "A scalar autodiff engine that shows every chain-rule step.",
        "moved": "{prog}: {command} is now its own command: {where} (or {other})",
        "interrupted": "{prog}: interrupted (Ctrl-C)",
        "lang_needs_language": (
            "--lang needs a language ({languages}) before the command, as in: {prog} --lang "
            "zh {command} …"
        ),
        "give_command": "give a command ({commands}); {prog} --help says what each does",
        "version_help": "show the version number and exit",
        # the graph command's help
        # the help's placeholders for what is typed (argparse's metavars)
        "metavar_command": "COMMAND",
        "metavar_expression": "expression",
        "metavar_assignments": "NAME=NUMBER",
        "metavar_output": "OUTPUT",
        "metavar_precision": "PRECISION",
        "metavar_dir": "DIR",
        "metavar_frames": "N",
        "metavar_px": "PX",
        "graph_help": "draw the computation graph of an expression, with gradients",
        "graph_description": (
            "Compute the expression, run backward from it and draw the graph: each value with "
            "its data and gradient, each edge with its local derivative."
        ),
        "graph_epilog": "example:\n{example}",
        "expression_help": (
            "e.g. 'tanh(x1*w1 + x2*w2 + b)': numbers, names, + - * / ** ( ) and the "
            "functions {functions}"
        ),
        "set_help": "values of the variables",
        "output_help": "output file (.svg, .png or .dot); default, or -: SVG on stdout",
        "format_help": (
            "output format, for standard output or an -o name without a .svg, .png or "
            ".dot suffix (a name with one must agree with it)"
        ),
        "rankdir_help": (
            "left to right, top to bottom, …; auto (the default) fits the column (--column)"
        ),
        "view_help": (
            "which graph to draw: the picture's default is forward, the --steps frames' "
            "backward (the backward pass as its own graph, as step_player draws it)"
        ),
        "precision_help": "significant digits shown (default 4)",
        "height_help": (
            "for a slide: fit the picture (and each frame of --steps) whole into a box "
            "--column px wide and PX px high, its text below 11 px where it must be "
            "(default: the column's width at 11 px text or more, as high as it needs)"
        ),
        "column_help": (
            "the column's width in px, which the picture (and each frame of --steps) "
            "fits at 11 px text or more, or whole with --height (default {px}); for a "
            "1280×720 slide: --column 1240 --height 600"
        ),
        "collapse_help": (
            "expr: fold each value used only once into the value that uses it (a big "
            "expression's shared structure; not with --steps, whose frames show single edges)"
        ),
        "no_grad_help": "do not show gradients",
        "no_local_grads_help": "do not label edges with ∂out/∂in",
        "color_help": "shade gradients by sign",
        "steps_help": (
            "also write the frames into DIR: step_000.svg before backward, then one SVG "
            "per backward step, on the backward graph (with --view forward, or --no-grad, "
            "on the forward graph)"
        ),
        "max_frames_help": (
            "with --steps: refuse more than N frames, the steps + 1 (default {n}; each is a "
            "whole picture)"
        ),
        "lang_help": (
            "language of the words drawn: the step captions, (seed), … (numbers and "
            "data/grad stay as they are; Chinese words in a PNG need Graphviz's dot with "
            "Chinese fonts: without dot, such a PNG is refused), and of this help and the "
            "command's messages"
        ),
        # the command line as typed
        "no_option": "there is no option {name}{hint}",
        "did_you_mean": ": did you mean {option}?",
        # a name that begins several options (--col: --collapse, --color or --column)
        "either": "{first} or {last}",
        # argparse's "argument %(argument_name)s: …" for a name in the language's own
        # script (Chinese only: 参数“命令”, not 参数 命令; English is argparse's own)
        "argument_named": "argument {name}: {message}",
        # `graph x --version=1`: argparse says the top level's "ignored explicit argument"
        "did_you_mean_no_value": ": did you mean {option} (it takes no value: leave out {value})?",
        # `autograd-mini -v` was "unrecognized arguments: -v"
        "short_version": "there is no option {name}: did you mean {prog} --version?",
        "its_options": " (its options: {options})",
        "dash_expression": (
            "; an expression that starts with - goes after --, as in graph -- {typed}"
        ),
        "given_twice": (
            "{first} {one} and {second} {other}: one run takes one {first}, give it once"
        ),
        "piece_option": (
            "{unknown}; if {piece} is part of the expression, put the whole expression in "
            'quotes, as in graph "{words}"'
        ),
        "piece_option_close": (
            'there is no option {name}: did you mean {option}, or graph "{words}" (the '
            "whole expression in quotes, if {piece} is part of it)?"
        ),
        "without_set": "{values} came without --set: give values with --set: --set {typed}",
        "split": (
            "the expression came as {n} arguments ({shown}): the shell splits unquoted "
            'text at spaces, so put it in quotes, as in graph "{words}" --set …'
        ),
        "after_dashes": (
            "{piece} came after --, which makes the word after it the expression, whatever "
            "it looks like, and {others} came as the expression too: one run draws one "
            "expression{hint}"
        ),
        "dashes_option": "; as the option, {piece} goes without -- before it",
        "whole_number": "expected a whole number, got {text}",
        "px_number": (
            "expected a number of px, at least {least} (one line of readable text), got {text}"
        ),
        "type_plainly": ": type {plain}, with an English keyboard's signs",
        "dashed_option": (
            "there is no option {typed}: an option starts with hyphens (-), as {option} "
            "does; type it with an English keyboard"
        ),
        "wide_sign": (
            "--set {item}: type {plain}: an option's value is typed with an English "
            "keyboard's signs"
        ),
        "values_apart": " (values are given apart, with spaces: --set {typed})",
        "values_wide_space": (
            " (values are given apart with spaces an English keyboard types: U+3000 is an "
            "input method's full-width one: --set {typed})"
        ),
        # --set
        "raised_power": (
            "--set {item}: {name} is not a name: a raised {raised} is a power "
            "({base}**{power} in the expression); --set gives a variable its value, as "
            "--set {base}=…"
        ),
        "not_python_name": "--set {item}: {name} is not a name Python reads ({hint})",
        "set_expects": "--set expects NAME=NUMBER, got {item}",
        "spaced": (
            "--set {typed}: the shell splits at spaces, so NAME=NUMBER is typed without "
            "spaces around =: --set {joined}"
        ),
        "set_twice": "--set gives {name} twice",
        "set_keyword": (
            "--set {item}: {name} is a Python keyword, which an expression cannot use as a "
            "name: call it {plain}_, say, in the expression and in --set"
        ),
        "not_number": "--set {name}: {text} is not a number{hint}",
        "too_large": "--set {name}: {text} is too large for a float (largest: {largest})",
        "not_finite": "--set {name}: {text} is not a finite number",
        "too_small": (
            "--set {name}: {text} is too small for a float, which would make it 0 "
            "(smallest above 0: {smallest})"
        ),
        "grouping_commas": " (a number is written without grouping commas: {number})",
        "decimal_comma": " (a decimal point is written ., as in 1.5)",
        # writing
        "stdout_closed": "standard output is closed: write the picture to a file with -o FILE",
        "where_stdout": "the {FMT} for standard output",
        "png_to_terminal": (
            "--format png writes bytes, not text, and standard output is a terminal: give "
            "-o FILE.png, or send it to a file or a program (> a.png)"
        ),
        "cannot_write": "-o {path}: cannot write the picture ({why})",
        "cannot_write_stdout": "cannot write the picture to standard output ({why})",
        "steps_needs_name": "--steps needs the name of a folder for the frames",
        "output_is_frame": (
            "-o {output} is named as --steps {path} names its frames (step_<digits>.svg): "
            "the picture would replace a frame, or a later run would remove it as an old "
            "frame; give it another name, as {other}"
        ),
        "cannot_make_folder": "--steps {path}: cannot make that folder ({why})",
        "same_place": "-o and --steps both name {path}: the frames need their own folder",
        "steps_is_file": "--steps {path} is a file, not a folder: give a folder for the frames",
        # the run
        "bare_function": (
            "{names} is a function, written with an argument in brackets ({calls}): here "
            "without one"
        ),
        "bare_functions": (
            "{names} are functions, written with an argument in brackets ({calls}): here "
            "without one"
        ),
        "names_and": " and ",
        "unknown_names": "unknown name(s) {names}: give each a value with --set",
        "middle_dot": "; {name} is one name to Python: a product is written {product}",
        "euler": "; e is a name like any other: e to a power is exp(…), as exp(x) for e**x",
        "set_function": (
            "--set {names}: {each}: it takes no value; --set gives the expression's "
            "variables theirs{used}"
        ),
        "function_each": "{name} is a function, {name}(…)",
        "used_names": " ({names})",
        "set_unused": (
            "--set {names}: not in the expression, {whose}: was a term left out, or a name "
            "misspelt?"
        ),
        "whose_names": "whose names are {names}",
        "no_names": "which uses no name",
        "max_frames_without_steps": (
            "--max-frames counts the frames of --steps DIR, and there is no --steps: give "
            "--steps DIR too, or leave --max-frames out"
        ),
        "output_empty": "-o needs a file name (or - for standard output)",
        "output_folder": "-o {path} ends with a separator, so it names a folder, not a file",
        "unknown_format": (
            "cannot tell the format of {path}: use a .svg, .png or .dot name, or --format"
        ),
        "format_suffix": (
            "-o {path} ends in .{suffix}, a name for {named}, and --format {typed} would write "
            "{FMT} into it: give the file a .{fmt} name, or leave --format out"
        ),
        "format_suffix_other": (  # a suffix of a format not written (.jpg): no way out
            "-o {path} ends in .{suffix}, a name for {named}, and --format {typed} would write "
            "{FMT} into it: give the file a .{fmt} name"
        ),
        "precision_range": "--precision must be from 1 to 17, got {n}",
        "collapse_steps": (
            "--collapse {fold} folds each value used only once into the value that uses it, "
            "so an edge stands for several chain-rule steps, and the frames of --steps (one "
            "step each, on one edge) cannot be folded: leave out one of the two"
        ),
        "max_frames_low": "--steps {path}: --max-frames must be a whole number ≥ 1, got {n}",
        "too_many_frames": (
            "--steps {path}: this backward pass has {steps} steps, {frames} frames, more "
            "than --max-frames {limit} (each frame is a whole picture): draw a shorter "
            "expression, or give a larger --max-frames"
        ),
        "cannot_write_frames": "--steps {path}: cannot write the frames ({why})",
        "too_many_nodes": (
            "the picture would have {count} nodes, more than {limit} can be read; draw a "
            "shorter expression{fold}"
        ),
        "give_collapse": ", or give --collapse expr, which folds the values used once",
    },
    "zh": {
        "error": "{prog}：错误：{message}",
        "and": "；另外，",
        "list": "、",
        "description": "一个标量自动微分引擎，把链式法则的每一步都画出来。",
        "moved": "{prog}：{command} 现在是一个单独的命令：{where}（或者 {other}）",
        "interrupted": "{prog}：已中断（Ctrl-C）",
        "lang_needs_language": (
            "--lang 后面要先给出一种语言（{languages}），再写命令，例如："
            "{prog} --lang zh {command} …"
        ),
        "give_command": "请给出一个命令（{commands}）；{prog} --help 说明每个命令做什么",
        "version_help": "显示版本号并退出",
        "metavar_command": "命令",
        "metavar_expression": "表达式",
        "metavar_assignments": "名字=数",
        "metavar_output": "文件",
        "metavar_precision": "位数",
        "metavar_dir": "文件夹",
        "metavar_frames": "帧数",
        "metavar_px": "像素数",
        "graph_help": "画出一个表达式的计算图，带梯度",
        "graph_description": (
            "计算这个表达式，从它开始做反向传播，并画出计算图：每个值带着它的 data 和"
            "梯度，每条边带着它的局部导数。"
        ),
        "graph_epilog": "例：\n{example}",
        "expression_help": (
            "如 'tanh(x1*w1 + x2*w2 + b)'：数、名字、+ - * / ** ( ) 和这些函数：{functions}"
            "（用英文键盘的符号输入）"
        ),
        "set_help": "各变量的值",
        "output_help": "输出文件（.svg、.png 或 .dot）；不给或给 - 时，SVG 写到标准输出",
        "format_help": (
            "输出格式：用于标准输出，或者没有 .svg、.png、.dot 后缀的 -o 文件名（有这些后缀的"
            "文件名要和它一致）"
        ),
        "rankdir_help": "从左到右、从上到下……；auto（默认）适应一栏的宽度（--column）",
        "view_help": (
            "画哪一种计算图：整张图默认画 forward，--steps 的各帧默认画 backward（即反向计算图，"
            "和 step_player 画的一样）"
        ),
        "precision_help": "显示的有效数字位数（默认 4）",
        "height_help": (
            "做幻灯片用：把图（以及 --steps 的每一帧）整张放进宽为 --column 的值、高为这个像素数的"
            "框里，必要时文字可以小于 11 px（默认：宽为一栏的宽度，文字不小于 11 px，需要多高"
            "就多高）"
        ),
        "column_help": (
            "一栏的宽度，单位 px（默认 {px}）：图（以及 --steps 的每一帧）在文字不小于 11 px "
            "的前提下适应这个宽度，给了 --height 时整张放进宽为这个值、高为 --height 的框里；"
            "1280×720 的幻灯片用 --column 1240 --height 600"
        ),
        "collapse_help": (
            "expr：把每个只用一次的值折叠进用到它的那个值（大表达式的共享结构；不能和 "
            "--steps 一起用，它的每一帧只画一条边）"
        ),
        "no_grad_help": "不显示梯度",
        "no_local_grads_help": "边上不标 ∂out/∂in",
        "color_help": "按正负给梯度上色",
        "steps_help": (
            "同时把帧写进这个文件夹：反向传播之前的 step_000.svg，再加上每一步一个 SVG，"
            "画在反向计算图上（给了 --view forward 或 --no-grad 时，画在前向计算图上）"
        ),
        "max_frames_help": (
            "和 --steps 一起用：帧数（步数 + 1）超过它就拒绝（默认 {n}；每一帧都是一整张图）"
        ),
        "lang_help": (
            "图里文字的语言：步骤说明、（种子）……（数字和 data/grad 不变；带中文的 PNG "
            "需要装有中文字体的 Graphviz dot：没有 dot 时，这样的 PNG 会被拒绝），也是这段"
            "帮助和命令的提示信息的语言"
        ),
        "no_option": "没有 {name} 这个选项{hint}",
        "did_you_mean": "：你是不是想写 {option}？",
        "either": "{first} 或 {last}",
        "argument_named": "参数“{name}”：{message}",
        "did_you_mean_no_value": "：你是不是想写 {option}（它不带值：去掉 {value}）？",
        "short_version": "没有 {name} 这个选项：你是不是想写 {prog} --version？",
        "its_options": "（它的选项：{options}）",
        "dash_expression": "；以 - 开头的表达式要放在 -- 后面，如 graph -- {typed}",
        "given_twice": "{first} {one} 和 {second} {other}：一次运行只接受一个 {first}，请只给一次",
        "piece_option": (
            '{unknown}；如果 {piece} 是表达式的一部分，请把整个表达式放在引号里，如 graph "{words}"'
        ),
        "piece_option_close": (
            '没有 {name} 这个选项：你是不是想写 {option}，或者 graph "{words}"（如果 {piece} '
            "是表达式的一部分，就把整个表达式放在引号里）？"
        ),
        "without_set": "{values} 前面没有 --set：变量的值用 --set 给出：--set {typed}",
        "split": (
            "表达式被分成了 {n} 个参数（{shown}）：shell 在空格处拆开没有引号的文字，"
            '所以请把它放在引号里，如 graph "{words}" --set …'
        ),
        "after_dashes": (
            "{piece} 在 -- 后面，-- 后面的那个词就是表达式，不管它长什么样；而 {others} "
            "也作为表达式给出了：一次运行只画一个表达式{hint}"
        ),
        "dashes_option": "；要作为选项，{piece} 前面不要加 --",
        "whole_number": "需要一个整数，得到的是 {text}",
        "px_number": (
            "需要一个不小于 {least} 的像素数（至少放得下一行看得清的文字），得到的是 {text}"
        ),
        "type_plainly": "：请用英文键盘的符号输入 {plain}",
        "dashed_option": (
            "没有 {typed} 这个选项：选项以连字符（-）开头，如 {option}；请用英文键盘输入"
        ),
        "wide_sign": "--set {item}：请输入 {plain}：选项的值要用英文键盘的符号输入",
        "values_apart": "（各个值用空格分开：--set {typed}）",
        "values_wide_space": (
            "（各个值用英文键盘的空格分开，U+3000 是输入法打出的全角空格：--set {typed}）"
        ),
        "raised_power": (
            "--set {item}：{name} 不是一个名字：上标 {raised} 是乘方（在表达式里写作 "
            "{base}**{power}）；--set 给变量赋值，如 --set {base}=…"
        ),
        "not_python_name": "--set {item}：{name} 不是 Python 能读的名字（{hint}）",
        "set_expects": "--set 需要 名字=数，得到的是 {item}",
        "spaced": (
            "--set {typed}：shell 会在空格处拆开，所以 名字=数 的 = 两边不加空格：--set {joined}"
        ),
        "set_twice": "--set 给了 {name} 两次",
        "set_keyword": (
            "--set {item}：{name} 是 Python 的关键字，表达式不能用它作名字：可以改叫 {plain}_，"
            "表达式里和 --set 里都这样写"
        ),
        "not_number": "--set {name}：{text} 不是一个数{hint}",
        "too_large": "--set {name}：{text} 超出了浮点数的范围（最大：{largest}）",
        "not_finite": "--set {name}：{text} 不是一个有限的数",
        "too_small": (
            "--set {name}：{text} 太小，浮点数会把它变成 0（大于 0 的最小值：{smallest}）"
        ),
        "grouping_commas": "（数里不写分组的逗号：{number}）",
        "decimal_comma": "（小数点写作 .，如 1.5）",
        "stdout_closed": "标准输出已关闭：请用 -o 文件 把图写进一个文件",
        "where_stdout": "写到标准输出的 {FMT}",
        "png_to_terminal": (
            "--format png 写出的是字节而不是文字，而标准输出是终端：请给出 -o 文件.png，"
            "或者把它重定向到文件或程序（> a.png）"
        ),
        "cannot_write": "-o {path}：无法写入这张图（{why}）",
        "cannot_write_stdout": "无法把这张图写到标准输出（{why}）",
        "steps_needs_name": "--steps 需要一个存放各帧的文件夹的名字",
        "output_is_frame": (
            "-o {output} 的名字和 --steps {path} 给各帧起的名字（step_<数字>.svg）一样："
            "这张图会替换掉一帧，或者以后的运行会把它当作旧的帧删掉；请换个名字，如 {other}"
        ),
        "cannot_make_folder": "--steps {path}：无法创建这个文件夹（{why}）",
        "same_place": "-o 和 --steps 都指向 {path}：各帧需要自己的文件夹",
        "steps_is_file": "--steps {path} 是一个文件，不是文件夹：请给一个存放各帧的文件夹",
        "bare_function": "{names} 是一个函数，要带上括号里的参数（{calls}）：这里没有",
        "bare_functions": "{names} 是函数，要带上括号里的参数（{calls}）：这里没有",
        "names_and": " 和 ",
        "unknown_names": "未知的名字 {names}：请用 --set 给每个名字一个值",
        "middle_dot": "；在 Python 看来 {name} 是一个名字：乘法写作 {product}",
        "euler": "；e 和别的名字一样只是一个名字：e 的乘方写作 exp(…)，如 e**x 写作 exp(x)",
        "set_function": ("--set {names}：{each}：它不接受值；--set 给的是表达式里的变量的值{used}"),
        "function_each": "{name} 是一个函数，{name}(…)",
        "used_names": "（{names}）",
        "set_unused": "--set {names}：不在表达式里，{whose}：是漏写了一项，还是名字拼错了？",
        "whose_names": "表达式里的名字是 {names}",
        "no_names": "表达式里没有名字",
        "max_frames_without_steps": (
            "--max-frames 限制的是 --steps 写出的帧数，可是没有 --steps：请同时给出 "
            "--steps 文件夹，或者去掉 --max-frames"
        ),
        "output_empty": "-o 需要一个文件名（或者 -，表示标准输出）",
        "output_folder": "-o {path} 以分隔符结尾，所以它是一个文件夹，不是文件",
        "unknown_format": (
            "看不出 {path} 的格式：请用 .svg、.png 或 .dot 结尾的名字，或者用 --format"
        ),
        "format_suffix": (
            "-o {path} 以 .{suffix} 结尾，是 {named} 文件的名字，而 --format {typed} 会往里写 "
            "{FMT}：请给这个文件一个以 .{fmt} 结尾的名字，或者去掉 --format"
        ),
        "format_suffix_other": (
            "-o {path} 以 .{suffix} 结尾，是 {named} 文件的名字，而 --format {typed} 会往里写 "
            "{FMT}：请给这个文件一个以 .{fmt} 结尾的名字"
        ),
        "precision_range": "--precision 必须在 1 到 17 之间，得到的是 {n}",
        "collapse_steps": (
            "--collapse {fold} 把每个只用一次的值折叠进用到它的那个值，一条边就代表好几步链式"
            "法则，所以 --steps 的各帧（每帧是一条边上的一步链式法则）没法折叠：两者只能给一个"
        ),
        "max_frames_low": "--steps {path}：--max-frames 必须是 ≥ 1 的整数，得到的是 {n}",
        "too_many_frames": (
            "--steps {path}：这次反向传播有 {steps} 步、{frames} 帧，超过了 --max-frames "
            "{limit}（每一帧都是一整张图）：请画一个短一些的表达式，或者给一个更大的 "
            "--max-frames"
        ),
        "cannot_write_frames": "--steps {path}：无法写入各帧（{why}）",
        "too_many_nodes": (
            "这张图会有 {count} 个节点，超过了能读懂的 {limit} 个；请画一个短一些的表达式{fold}"
        ),
        "give_collapse": "，或者加上 --collapse expr，把只用一次的值折叠起来",
    },
}

#: Other modules' refusals said to the command's user in a language other than their
#: English, by what the refusal is (its class, or the rule that found it: never read from
#: its words); English is the refusal's own message. tests/test_cli_words.py checks that
#: each is Chinese.
OTHERS_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        # render.NoGlyphs
        "no_glyphs": (
            "{where}：graphviz-pure 没有这张图里 {count} 个字符的字形（{shown}）：在 {fmt} "
            "里每个都会是一个空方框。请改写成 .svg（浏览器用自己的字体画出文字），或者装上带"
            "这些字体的 Graphviz dot（中文：Debian 上的 fonts-noto-cjk）"
        ),
        # render.RendererNotFound, and render.RenderError by its reason
        "no_renderer": (
            "{where}：没有找到 Graphviz 的画图程序：PATH 上和 Python 解释器旁边都没有 'dot' 或 "
            "'graphviz-pure'。请装上一个：`pip install graphviz-pure`（不需要系统软件包），"
            "或者从 https://graphviz.org/download/ 安装 Graphviz"
        ),
        "render_timeout": (
            "{where}：{program} 用了超过 {timeout} 秒也没能排好这张图的布局；请画一个小一些的图"
        ),
        "render_failed": "{where}：{program} -T{fmt} 失败了：{detail}",
        # the system's refusals to write a file or make a folder, by errno (OSError)
        "errno_ENOENT": "没有这个文件或文件夹",
        "errno_EACCES": "没有权限",
        "errno_EPERM": "不允许这个操作",
        "errno_EISDIR": "这是一个文件夹",
        "errno_ENOTDIR": "路径中有一段不是文件夹",
        "errno_EROFS": "文件系统是只读的",
        "errno_ENOSPC": "磁盘空间不足",
        "errno_ENAMETOOLONG": "名字太长",
        "errno_EEXIST": "已经存在",
        # (Windows, or a FAT/exFAT drive: a name with <>:"|?* in it)
        "errno_EINVAL": "系统不接受这个名字（其中可能有它不允许的字符）",
        "errno_ELOOP": "路径中的符号链接太多（可能绕成了一个圈）",
        "errno_EDQUOT": "磁盘配额已用完",
        "errno_EIO": "输入输出错误",
        # draw.option_conflict, in the command's flags
        "no_grad_view": "--no-grad 隐藏梯度，而 {view} 画的正是梯度：两者只能给一个",
        "no_grad_color": "--color 按正负给梯度上色，而 --no-grad 隐藏梯度：两者只能给一个",
    },
}


def others_say(key: str, english: str, **values: object) -> str:
    """Another module's refusal ``key`` in this thread's language (:data:`OTHERS_WORDS`),
    or ``english``, its own message, where the language has no phrase for it."""
    phrase = OTHERS_WORDS.get(current().language, {}).get(key)
    return english if phrase is None else phrase.format(**values)


#: argparse's own messages (its gettext message ids, Python 3.11+) in Chinese; a message
#: not listed stays argparse's English
ARGPARSE_ZH: dict[str, str] = {
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示这段帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "the following arguments are required: %s": "缺少这些参数：%s",
    "expected one argument": "需要一个参数",
    "expected at least one argument": "至少需要一个参数",
    "expected at most one argument": "最多只能有一个参数",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "无效的选择：%(value)r（可选：%(choices)s）"
    ),
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": (
        "有歧义的选项：%(option)s 可以是 %(matches)s"
    ),
    "ignored explicit argument %r": "忽略了显式给出的参数 %r",
    "not allowed with argument %s": "不能和参数 %s 一起用",
    "one of the arguments %s is required": "需要参数 %s 中的一个",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "未知的命令 %(parser_name)r（可选：%(choices)s）"
    ),
}
#: argparse's plural messages: (singular id, plural id) -> Chinese (no plural in Chinese)
ARGPARSE_ZH_PLURAL: dict[tuple[str, str], str] = {
    ("expected %s argument", "expected %s arguments"): "需要 %s 个参数",
}


def say(key: str, **values: object) -> str:
    """``key``'s phrase in this thread's picture language, its fields filled as given."""
    language = current().language
    return MESSAGES[language][key].format(**values)


#: dashes a Chinese input method types for a hyphen (em, en, full-width, figure dash,
#: horizontal bar): —lang is --lang typed with one, and refused as such
IME_DASHES = "\u2014\u2013\uff0d\u2012\u2015"
_IME_LANG = re.compile(f"[{IME_DASHES}]+-*lang(?==|$)")


#: a negative number, which argparse takes as an option's value (its own pattern)
_NEGATIVE_NUMBER = re.compile(r"^-\d+$|^-\d*\.\d+$")


def option_word(token: str) -> bool:
    """Whether argparse reads ``token`` as an option, not as the value of the option
    before it (its rule: ``-x``, ``--color`` and ``--`` are options; ``-``, ``-1`` and a
    word with a space in it are values)."""
    return (
        token.startswith("-")
        and token != "-"
        and not _NEGATIVE_NUMBER.match(token)
        and " " not in token
    )


def argv_language(argv: Sequence[str], commands: Collection[str] = ()) -> str:
    """The language ``--lang`` asks for in ``argv`` (``--lang zh``, ``--lang=zh``), read
    before parsing: the error may come before ``--lang``, or stop the parse before it is
    read. The last ``--lang`` given a value wins, as in argparse, in any case (ZH is zh,
    as the parser reads it); an unknown one, or none, is English. A ``--lang`` left
    without its value does not change it: one that ends the line, one followed by an
    option (argparse takes no value there), and, before the command, one followed by a
    name in ``commands`` (`--lang zh --lang graph x` was refused in English: the
    command's name was read as the language). The token after ``--`` is the
    expression, whatever it says. ``—lang zh``, typed with an input method's dash, is
    refused, in the language it asks for (it was told in English)."""
    language = "en"
    before_command = True  # still among the words typed before the command
    i = 0
    while i < len(argv):
        token = _IME_LANG.sub("--lang", argv[i], count=1)
        if token == "--":
            i += 2
            before_command = False
            continue
        value: str | None = None
        if token == "--lang":
            following = argv[i + 1] if i + 1 < len(argv) else None
            if (
                following is not None
                and not option_word(following)
                and not (before_command and following in commands)
            ):
                value = following
                i += 1
        elif token.startswith("--lang="):
            value = token.split("=", 1)[1]
            value = None if before_command and value in commands else value
        else:
            before_command = False
            i += 1
            continue
        if value is not None:  # --lang ZH too
            language = value.lower() if value.lower() in LANGUAGES else "en"
        i += 1
    return language


class _Translated(threading.local):
    """Whether this thread's argparse speaks Chinese (another thread's parse may be in
    English at the same time)."""

    on = False


_translated = _Translated()
_installed: list[tuple[Callable[[str], str], Callable[[str, str, int], str]]] = []
_install_lock = fork_safe(threading.Lock())


def _gettext(message: str) -> str:
    if _translated.on:
        return ARGPARSE_ZH.get(message, message)
    return _installed[0][0](message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    if _translated.on and (singular, plural) in ARGPARSE_ZH_PLURAL:
        return ARGPARSE_ZH_PLURAL[singular, plural]
    return _installed[0][1](singular, plural, n)


def _argument_error_310(error: argparse.ArgumentError) -> str:
    """An argument's error as Python 3.11 and later write it, its words looked up through
    argparse's gettext: Python 3.10 wrote "argument %(argument_name)s: %(message)s" as
    it is, so a Chinese error read "argument --view: 需要一个参数"."""
    if error.argument_name is None:
        return error.message
    return argparse._("argument %(argument_name)s: %(message)s") % {  # type: ignore[attr-defined,no-any-return]
        "message": error.message,
        "argument_name": error.argument_name,
    }


@contextmanager
def argparse_words(language: str) -> Iterator[None]:
    """argparse's own words in ``language`` for this thread, inside the block.

    argparse looks each of its messages up through its module's gettext functions
    (``argparse._`` and ``argparse.ngettext``) when it builds a parser, formats its help
    or reports an error; the first Chinese run puts a lookup there that answers from
    :data:`ARGPARSE_ZH` in a thread inside this block and hands every other lookup to
    gettext as before. English changes nothing.
    """
    if language == "en":
        yield
        return
    with _install_lock:
        if not _installed:
            _installed.append((argparse._, argparse.ngettext))  # type: ignore[attr-defined]
            argparse._ = _gettext  # type: ignore[attr-defined]
            argparse.ngettext = _ngettext  # type: ignore[attr-defined]
            if sys.version_info < (3, 11):
                argparse.ArgumentError.__str__ = _argument_error_310  # type: ignore[assignment,method-assign]
    before = _translated.on
    _translated.on = True
    try:
        yield
    finally:
        _translated.on = before


class ArgumentParser(argparse.ArgumentParser):
    """argparse's parser, its list of choices joined as the language lists them where its
    messages are Chinese: argparse joins them with ", " before looking the message up
    ('svg', 'png', 'dot' in a Chinese sentence). A sub-command's parser is of its
    parent's class. English is argparse's own."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        if not _translated.on or action.choices is None or value in action.choices:
            super()._check_value(action, value)
            return
        message = argparse._("invalid choice: %(value)r (choose from %(choices)s)")  # type: ignore[attr-defined]
        choices = MESSAGES["zh"]["list"].join(map(repr, action.choices))
        said = message % {"value": value, "choices": choices}
        name = argparse._get_action_name(action)
        if name is not None and not name[0].isascii():  # a Chinese metavar (命令): argparse's
            # "参数 %(argument_name)s" spaces it as it spaces --lang ("参数 命令：无效的选择")
            said = MESSAGES["zh"]["argument_named"].format(name=name, message=said)
            raise argparse.ArgumentError(None, said)
        raise argparse.ArgumentError(action, said)


#: punctuation that does not begin a line, and that does not end one
_NO_START = frozenset("，。；：、）》」』】！？…")
_NO_END = frozenset("（《「『【")
#: a text's pieces a line may break between: spaces, an ASCII word, one wide character
_PIECES = re.compile(r" +|[^ \u1100-\uffef]+|.")


#: a character argparse counts and the terminal never sees (see HelpFormatter._format_usage)
_PAD = "\u200b"


def _columns(text: str) -> int:
    """How many terminal columns ``text`` takes: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (textwrap counts characters, so a
    Chinese line of 80 characters filled 160 columns)."""
    pieces: list[str] = []
    for piece in _PIECES.findall(text):
        if (
            pieces
            and pieces[-1] != " " * len(pieces[-1])
            and (piece[0] in _NO_START or pieces[-1][-1] in _NO_END)
        ):
            pieces[-1] += piece  # （x stays together, as does x，
        else:
            pieces.append(piece)
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if piece.isspace():
            line += " " if line else ""
        elif line and _columns(line + piece) > width:
            lines.append(line.rstrip())
            line = piece
        else:
            line += piece
    if line.strip():
        lines.append(line.rstrip())
    return lines


#: a section heading of argparse's help (a line of one word and its ":") in Chinese
_CHINESE_HEADING = re.compile(r"^( *\S*[\u3400-\u4dbf\u4e00-\u9fff]\S*):$", re.MULTILINE)


class HelpFormatter(argparse.HelpFormatter):
    """argparse's help, its lines wrapped by columns where a text has Chinese in it (by
    characters, a Chinese help line ran past the terminal's edge: 104 columns of 80).
    Text without wide characters is wrapped as argparse wraps it."""

    def _format_usage(
        self,
        usage: str | None,
        actions: Any,
        groups: Any,
        prefix: str | None,
    ) -> str:
        """argparse's usage, its continuation lines under the first argument as the
        terminal shows it: argparse indents them by the prefix's characters, and the
        Chinese prefix (3 characters) is 6 columns (they began 3 columns left of it).
        Laid out for a terminal narrower by those columns, then indented by them."""
        shown = argparse._("usage: ") if prefix is None else prefix  # type: ignore[attr-defined]
        extra = _columns(shown) - len(shown)
        self._width -= extra
        self._in_usage = True  # a Chinese placeholder (名字=数) laid out by its columns
        try:
            text = super()._format_usage(usage, actions, groups, shown).replace(_PAD, "")
        finally:
            self._width += extra
            self._in_usage = False
        first, *rest = text.split("\n")
        return "\n".join([first, *(" " * extra + line if line else line for line in rest)])

    def format_help(self) -> str:
        """argparse's help, a Chinese section heading ended with a full-width colon:
        argparse ends every heading with ':' ("位置参数:", "选项:" under the usage)."""
        return _CHINESE_HEADING.sub("\\1：", super().format_help())

    _in_usage = False

    def _metavar_formatter(
        self, action: argparse.Action, default_metavar: str
    ) -> Callable[[int], tuple[str, ...]]:
        """argparse's placeholders; in the usage, each wide character of them followed by
        :data:`_PAD` (taken out once it is laid out), so that argparse, which counts
        characters, counts the columns a line takes: `[--steps 文件夹] [--max-frames 帧数]`
        ran 6 columns past the edge of a 66-column terminal."""
        format_metavar = super()._metavar_formatter(action, default_metavar)
        if not self._in_usage:
            return format_metavar

        def padded(size: int) -> tuple[str, ...]:
            return tuple(
                "".join(c + _PAD if _columns(c) == 2 else c for c in metavar)
                for metavar in format_metavar(size)
            )

        return padded

    def _format_action(self, action: argparse.Action) -> str:
        """argparse's line for an option, its help in the help column as the terminal
        shows it: argparse pads the option's name (``-o 文件``) by characters, and a
        Chinese placeholder's two columns a character pushed the help right of the
        others'. The padding is taken back; a name too wide for it has its help on the
        next line, as argparse puts a long name's."""
        text = super()._format_action(action)
        header = self._format_action_invocation(action)
        extra = _columns(header) - len(header)
        start = self._current_indent + len(header)
        first, newline, rest = text.partition("\n")
        gap = len(first[start:]) - len(first[start:].lstrip(" "))
        if extra == 0 or not action.help or gap == 0:  # (no help, or on the next line)
            return text
        if gap - extra >= 2:
            return first[:start] + first[start + extra :] + newline + rest
        column = start + gap  # where argparse put the help
        return first[:start] + "\n" + " " * column + first[column:] + newline + rest

    def _split_lines(self, text: str, width: int) -> list[str]:
        if _columns(text) == len(text):
            return super()._split_lines(text, width)
        return _wrap(" ".join(text.split()), width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        """A description or epilog filled to the width, each of its lines apart; a line
        that begins with the program's name is a command to copy, kept on one line: the
        example broken at the terminal's edge ran as two commands when pasted."""
        if "\n" in text:
            return "\n".join(self._fill_text(line, width, indent) for line in text.split("\n"))
        if text.startswith(self._prog + " "):
            return indent + text
        if _columns(text) == len(text):
            return super()._fill_text(text, width, indent)
        return "\n".join(
            indent + line for line in _wrap(" ".join(text.split()), width - len(indent))
        )
