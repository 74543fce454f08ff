/* The Chinese edition's words for MathJax's formula menu (a right click, or a long press,
   on a formula): MathJax 3 has no translations, and every one of its items was English
   on the Chinese pages — "Show Math As", "Copy to Clipboard", "Math Settings",
   "Accessibility" … Each item's words are swapped for the Chinese here once MathJax has
   built its menu (an item's content setter redraws it); a word not in the list stays as
   MathJax says it. The dialogs the menu opens (About MathJax, MathJax Help, a formula's
   MathML) stay MathJax's own. Served face: docs/build.py's _serve_font cuts the Chinese
   face from the site's scripts too, these words included. */
"use strict";
(() => {
  const ZH = {
    "Show Math As": "公式显示为",
    "MathML Code": "MathML 代码",
    "Original Form": "原始形式（TeX）",
    "Original MathML": "原始 MathML",
    "Annotation": "注释",
    "Copy to Clipboard": "复制到剪贴板",
    "Math Settings": "公式设置",
    "Math Renderer": "渲染方式",
    "Zoom Trigger": "放大方式",
    "Zoom Once Now": "现在放大一次",
    "Click": "单击",
    "Double-Click": "双击",
    "No Zoom": "不放大",
    "Trigger Requires:": "同时按住：",
    "Alt": "Alt 键",
    "Command": "Command 键",
    "Control": "Ctrl 键",
    "Shift": "Shift 键",
    "Zoom Factor": "放大倍数",
    "Scale All Math...": "缩放所有公式……",
    "Add TeX hints to MathML": "在 MathML 中加入 TeX 提示",
    "Add original as annotation": "把原始形式作为注释加入",
    "Reset to defaults": "恢复默认设置",
    "Accessibility": "无障碍",
    "Activate": "启用",
    "Speech": "语音",
    "Speech Output": "语音输出",
    "Speech Subtitles": "语音字幕",
    "Braille Output": "盲文输出",
    "Braille Subtitles": "盲文字幕",
    "Language": "语言",
    "Mathspeak Rules": "Mathspeak 规则",
    "Verbose": "详细",
    "Brief": "简略",
    "Superbrief": "极简",
    "Clearspeak Rules": "Clearspeak 规则",
    "Auto": "自动",
    "ChromeVox Rules": "ChromeVox 规则",
    "Standard": "标准",
    "Alternative": "替代",
    "Highlight": "高亮",
    "Background": "背景",
    "Foreground": "前景",
    "Blue": "蓝",
    "Red": "红",
    "Green": "绿",
    "Yellow": "黄",
    "Cyan": "青",
    "Magenta": "品红",
    "White": "白",
    "Black": "黑",
    "None": "无",
    "Hover": "悬停",
    "Flame": "火焰",
    "Tree Coloring": "按树着色",
    "Magnification": "放大镜",
    "Keyboard": "键盘",
    "Mouse": "鼠标",
    "Semantic Info": "语义信息",
    "Type": "类型",
    "Role": "角色",
    "Prefix": "前缀",
    "Collapsible Math": "可折叠的公式",
    "Auto Collapse": "自动折叠",
    "Include in Tab Order": "可用 Tab 键到达",
    "Include Hidden MathML": "包含隐藏的 MathML",
    "About MathJax": "关于 MathJax",
    "MathJax Help": "MathJax 帮助",
  };
  // MathJax names some items anew each time it opens the menu: "Show Math As" and "Copy
  // to Clipboard" hold "Original Form", which its post() relabels by the formula's input
  // ("TeX Commands", "Original MathML") after the words here were put in.
  const zh = (words) =>
    Object.hasOwn(ZH, words) ? ZH[words] : words.replace(/^(\S+) Commands$/, "$1 命令");
  // Every item keeps its words Chinese: MathJax's later assignments to an item's content
  // go through zh too (the content setter of mj-context-menu's AbstractItem redraws it).
  // That redraw draws the item as one that works (aria-disabled "false", not greyed out):
  // "语言", and "语音", "高亮" … under "无障碍", which MathJax turns off with no speech
  // loaded, looked like the rest and did nothing. An item MathJax turned off is turned
  // off again, as the English menu draws it.
  const keep = (item) => {
    let proto = Object.getPrototypeOf(item);
    let property = null;
    while (proto && !property) {
      const own = Object.getOwnPropertyDescriptor(proto, "content");
      if (own) property = own;
      proto = Object.getPrototypeOf(proto);
    }
    if (!property || !property.get || !property.set) return;
    Object.defineProperty(item, "content", {
      configurable: true,
      get() { return property.get.call(this); },
      set(words) {
        property.set.call(this, typeof words === "string" ? zh(words) : words);
        if (this.disabled && typeof this.disable === "function") this.disable();
      },
    });
  };
  // each menu's items, once MathJax has built the menu (agm-mathjax-menu.js, loaded first)
  window.agmEachMathJaxMenu((menu) => {
    for (const item of menu.items || []) {
      if (typeof item.content === "string") {
        keep(item);
        if (zh(item.content) !== item.content) item.content = item.content;
      }
    }
  });
})();
