// What tests/browser/test_every_page.py measures on a page at the present width: horizontal
// overflow (naming the widest elements), the direction of the page, its form controls, tables and
// captions, and (right to left) the texts that must stay left to right. One line per problem.
({ rtl }) => {
  const root = document.documentElement;
  const width = window.innerWidth;
  const problems = [];
  const describe = (element) => {
    const classes = [...element.classList].map((name) => `.${name}`).join("");
    const text = (element.textContent || "").trim().replace(/\s+/g, " ").slice(0, 60);
    return `<${element.tagName.toLowerCase()}${element.id ? "#" + element.id : ""}${classes}> "${text}"`;
  };
  const firstFew = (lines) => (lines.length > 5 ? [...lines.slice(0, 5), `... ${lines.length - 5} more`] : lines);

  // An element in a box that scrolls or clips on its own does not widen the page.
  const scrolls = (element) => {
    for (let box = element.parentElement; box && box !== document.body; box = box.parentElement) {
      if (getComputedStyle(box).overflowX !== "visible") return true;
    }
    return false;
  };
  if (root.scrollWidth > width) {
    const widest = [...document.body.querySelectorAll("*")]
      .map((element) => [element, element.getBoundingClientRect()])
      .filter(([element, box]) => box.width > 0 && (box.right > width + 1 || box.left < -1) && !scrolls(element))
      .sort((one, other) => other[1].width - one[1].width)
      .slice(0, 6)
      .map(([element, box]) => `${describe(element)} ${Math.round(box.width)} px`);
    problems.push(`the page is ${root.scrollWidth} px wide in a ${width} px window; widest: ${widest.join("; ")}`);
  }

  const direction = rtl ? "rtl" : "ltr";
  if (root.getAttribute("dir") !== direction) problems.push(`<html dir="${root.getAttribute("dir")}">`);
  // A dir attribute on an element or around it is a choice made on purpose: a URL or code left
  // to right, a field for an Arabic text right to left on an English page. "ltr" and "auto"
  // isolate a left-to-right text.
  const chosen = (element, values = ["ltr", "rtl", "auto"]) => {
    const marked = element.closest("[dir]");
    return marked !== null && marked !== root && values.includes(marked.getAttribute("dir"));
  };
  const isolated = (element) => chosen(element, ["ltr", "auto"]) || element.closest("bdi") !== null;
  // Browsers write dates and times left to right in their own inputs.
  const controls =
    "input:not([type=hidden]):not([type=date]):not([type=time]):not([type=datetime-local]), select, textarea, button, table, caption";
  problems.push(
    ...firstFew(
      [...document.querySelectorAll(controls)]
        .filter((element) => !chosen(element) && getComputedStyle(element).direction !== direction)
        .map((element) => `${describe(element)} reads ${getComputedStyle(element).direction}`),
    ),
  );
  if (!rtl) return problems;

  // Inputs of addresses, links, versions, license identifiers and slugs read left to right.
  const latin = [
    "input[type=url]", "input[type=email]", "input[name$=url]", "input[name$=version]",
    "input[name=licenses]", "input[name$=license_id]", "input[name$=license_intent]",
    "input[name=license]", "input[name=slug]", "input[name=ticket]",
  ].join(", ");
  problems.push(
    ...firstFew(
      [...document.querySelectorAll(latin)]
        .filter((element) => !["checkbox", "radio"].includes(element.type) && !isolated(element))
        .map((element) => `${describe(element)} (${element.name}) needs dir="ltr"`),
    ),
  );
  // A text that is a URL, an e-mail address, a version or a license identifier is isolated
  // left to right, so that its dots, dashes and digits keep their order in an Arabic sentence.
  const leftToRight =
    /^(https?:\/\/\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|v?\d+(\.\d+){2,}\S*|[A-Za-z][\w.+]*(-[\w.+]+)*-\d[\w.+-]*( (OR|AND|WITH) [\w.+-]+)*)$/;
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data.trim();
    const parent = node.parentElement;
    if (!leftToRight.test(text) || parent.closest("script, style, option, textarea")) continue;
    if (!isolated(parent)) texts.push(`"${text}" in ${describe(parent)} needs dir="ltr" or <bdi>`);
  }
  problems.push(...firstFew(texts));
  return problems;
};
