import MarkdownIt from 'markdown-it';

// CommonMark with raw HTML allowed: the result is sanitised like any JSON body,
// so a newsroom can still write an <abbr> or a <figure> inside Markdown.
const md = new MarkdownIt({ html: true, linkify: false, typographer: false });

export function renderMarkdown(source: string): string {
  return md.render(source);
}
