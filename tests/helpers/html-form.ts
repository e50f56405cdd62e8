import { DomUtils, parseDocument } from "htmlparser2";
import type { Element } from "domhandler";

/**
 * Reads the forms of a server-rendered page as a browser without JavaScript would submit them:
 * for tests that post through the portal's request handler (tests/helpers/in-process.ts) what a
 * user sees, hidden fields included, without a browser.
 */
export type HtmlForm = {
  method: string;
  action: string | null;
  /** The buttons' name=value pairs: a submission adds the one clicked. */
  buttons: { name: string | null; value: string; text: string }[];
  /** The successful controls in document order (checked radios and boxes, selected options). */
  fields: [string, string][];
};

export function readForms(html: string): HtmlForm[] {
  const document = parseDocument(html);
  return DomUtils.findAll((e) => e.name === "form", document.children).map((form) => {
    const fields: [string, string][] = [];
    const buttons: HtmlForm["buttons"] = [];
    const controls = DomUtils.findAll((e) => ["input", "select", "textarea", "button"].includes(e.name), form.children);
    for (const control of controls) {
      const name = control.attribs.name ?? null;
      if (control.attribs.disabled !== undefined) continue;
      if (control.name === "button" || (control.name === "input" && control.attribs.type === "submit")) {
        buttons.push({ name, value: control.attribs.value ?? "", text: DomUtils.textContent(control).trim() });
        continue;
      }
      if (name === null) continue;
      if (control.name === "textarea") fields.push([name, DomUtils.textContent(control)]);
      else if (control.name === "select") fields.push([name, selected(control)]);
      else {
        const type = control.attribs.type ?? "text";
        if (type === "file") continue;
        if ((type === "radio" || type === "checkbox") && control.attribs.checked === undefined) continue;
        fields.push([name, control.attribs.value ?? (type === "radio" || type === "checkbox" ? "on" : "")]);
      }
    }
    return { method: (form.attribs.method ?? "get").toLowerCase(), action: form.attribs.action ?? null, buttons, fields };
  });
}

function selected(select: Element): string {
  const options = DomUtils.findAll((e) => e.name === "option", select.children);
  const chosen = options.find((o) => o.attribs.selected !== undefined) ?? options[0];
  return chosen ? (chosen.attribs.value ?? DomUtils.textContent(chosen)) : "";
}

/** The form that has a button with this text (as a user finds it), or undefined. */
export function formWithButton(html: string, text: string | RegExp): HtmlForm | undefined {
  return readForms(html).find((f) => f.buttons.some((b) => (typeof text === "string" ? b.text === text : text.test(b.text))));
}

/** The form's fields with the given button clicked, url-encoded. */
export function submission(form: HtmlForm, button: string | RegExp, change: (fields: [string, string][]) => [string, string][] = (f) => f) {
  const clicked = form.buttons.find((b) => (typeof button === "string" ? b.text === button : button.test(b.text)));
  if (!clicked) throw new Error(`No button ${String(button)} in the form`);
  const fields = change(form.fields.map(([n, v]) => [n, v] as [string, string]));
  if (clicked.name) fields.push([clicked.name, clicked.value]);
  return new URLSearchParams(fields).toString();
}

/** Sets one field's value (the first of that name). */
export function setField(fields: [string, string][], name: string, value: string): [string, string][] {
  const at = fields.findIndex(([n]) => n === name);
  if (at < 0) throw new Error(`No field ${name} in the form`);
  return fields.map((f, i) => (i === at ? [name, value] : f));
}
