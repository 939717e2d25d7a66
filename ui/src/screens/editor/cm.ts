// The CodeMirror 6 source editor (markdown mode, history, line numbers, Ctrl+S hook), wrapped
// so the rest of the editor screen only sees get/set text, minimal replacements and line jumps.

import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState, RangeSetBuilder } from '@codemirror/state';
import {
  Decoration,
  type DecorationSet,
  EditorView,
  ViewPlugin,
  type ViewUpdate,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
} from '@codemirror/view';

const fmLine = Decoration.line({ class: 'cm-frontmatter' });

/** Marks the YAML front-matter lines (`---` … `---` at the top), which the markdown grammar
 * would otherwise show as a setext heading. */
function frontMatterLines(view: EditorView): DecorationSet {
  const b = new RangeSetBuilder<Decoration>();
  const doc = view.state.doc;
  if (doc.lines > 1 && doc.line(1).text.trimEnd() === '---') {
    let end = 0;
    for (let n = 2; n <= Math.min(doc.lines, 500); n++) {
      const t = doc.line(n).text.trimEnd();
      if (t === '---' || t === '...') {
        end = n;
        break;
      }
    }
    for (let n = 1; n <= end; n++) b.add(doc.line(n).from, doc.line(n).from, fmLine);
  }
  return b.finish();
}

const frontMatter = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = frontMatterLines(view);
    }
    update(u: ViewUpdate) {
      if (u.docChanged) this.decorations = frontMatterLines(u.view);
    }
  },
  { decorations: (v) => v.decorations },
);

export interface SourceOptions {
  onChange(text: string): void;
  onSave(): void;
}

export class Source {
  readonly view: EditorView;
  private silent = false;

  constructor(parent: HTMLElement, opts: SourceOptions) {
    this.view = new EditorView({
      parent,
      state: EditorState.create({
        doc: '',
        extensions: [
          lineNumbers(),
          highlightActiveLineGutter(),
          history(),
          drawSelection(),
          highlightActiveLine(),
          markdown(),
          frontMatter,
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          EditorView.lineWrapping,
          keymap.of([
            { key: 'Mod-s', preventDefault: true, run: () => (opts.onSave(), true) },
            indentWithTab,
            ...defaultKeymap,
            ...historyKeymap,
          ]),
          EditorView.updateListener.of((u) => {
            if (u.docChanged && !this.silent) opts.onChange(this.text);
          }),
          EditorView.contentAttributes.of({ 'aria-label': 'Markdown source', spellcheck: 'true' }),
        ],
      }),
    });
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  /** Replaces the whole text (a new document): resets nothing but the content. */
  load(text: string): void {
    this.silent = true;
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
    this.silent = false;
  }

  /** Moves to `text` with the smallest single replacement, keeping the cursor and undo history. */
  update(text: string): void {
    const old = this.text;
    if (old === text) return;
    let start = 0;
    while (start < old.length && start < text.length && old[start] === text[start]) start++;
    let endOld = old.length;
    let endNew = text.length;
    while (endOld > start && endNew > start && old[endOld - 1] === text[endNew - 1]) {
      endOld--;
      endNew--;
    }
    this.view.dispatch({ changes: { from: start, to: endOld, insert: text.slice(start, endNew) } });
  }

  /** Puts the cursor at the start of 1-based `line` and scrolls it into view. */
  goToLine(line: number): void {
    const doc = this.view.state.doc;
    const l = doc.line(Math.min(Math.max(1, line), doc.lines));
    this.view.dispatch({ selection: { anchor: l.from }, scrollIntoView: true });
    this.view.focus();
  }

  focus(): void {
    this.view.focus();
  }
}
