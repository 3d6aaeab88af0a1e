/** The widget's styles, scoped to its shadow root: nothing leaks in from the host page or out to it. */
export const WIDGET_CSS = `
:host { all: initial; }
* { box-sizing: border-box; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
.launcher { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 999px;
  padding: 12px 20px; background: #4f46e5; color: #fff; font-size: 15px; font-weight: 600; cursor: pointer;
  box-shadow: 0 6px 20px rgba(0,0,0,.2); }
.launcher:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, a:focus-visible {
  outline: 3px solid #a5b4fc; outline-offset: 2px; }
.panel { position: fixed; right: 20px; bottom: 76px; z-index: 2147483000; width: min(360px, calc(100vw - 40px));
  max-height: min(560px, calc(100vh - 100px)); display: flex; flex-direction: column; background: #fff;
  color: #0f172a; border-radius: 14px; box-shadow: 0 12px 40px rgba(0,0,0,.25); overflow: hidden; font-size: 14px; }
.panel[hidden] { display: none; }
header { display: flex; align-items: center; justify-content: space-between; padding: 12px 16px;
  background: #4f46e5; color: #fff; }
header h2 { margin: 0; font-size: 15px; font-weight: 700; }
.close { background: none; border: 0; color: #fff; font-size: 22px; line-height: 1; cursor: pointer; }
.body { padding: 12px 16px 16px; overflow: auto; display: flex; flex-direction: column; gap: 10px; }
input, textarea { width: 100%; padding: 8px 10px; border: 1px solid #cbd5e1; border-radius: 8px; font-size: 14px;
  color: #0f172a; background: #fff; }
textarea { resize: vertical; }
input[readonly] { background: #f1f5f9; color: #334155; }
.primary { border: 0; border-radius: 8px; padding: 9px 14px; background: #4f46e5; color: #fff; font-weight: 600;
  cursor: pointer; }
.link { background: none; border: 0; color: #4338ca; text-decoration: underline; cursor: pointer; padding: 0;
  align-self: flex-start; }
.results { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
.result { width: 100%; text-align: left; background: #f1f5f9; border: 0; border-radius: 8px; padding: 8px 10px;
  cursor: pointer; color: #0f172a; }
.muted, .status { color: #475569; margin: 0; }
.status.error { color: #b91c1c; }
.under { display: flex; justify-content: space-between; gap: 8px; }
.hint, .counter { margin: 0; font-size: 12px; color: #475569; }
.counter { margin-left: auto; white-space: nowrap; }
.counter.full { color: #b91c1c; font-weight: 600; }
.offline { margin: 0; padding: 8px 10px; border-radius: 8px; background: #fef3c7; color: #78350f; }
.offline[hidden] { display: none; }
.answer { line-height: 1.5; }
h3 { margin: 0; font-size: 15px; }
h3[tabindex]:focus { outline: none; }
.field { display: flex; flex-direction: column; gap: 4px; }
label { font-size: 13px; font-weight: 600; color: #334155; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
.compose, .reply { display: flex; flex-direction: column; gap: 8px; }
.actions { display: flex; align-items: center; justify-content: space-between; gap: 8px; }
.attach { border: 1px solid #cbd5e1; border-radius: 8px; padding: 8px 12px; background: #fff; color: #334155;
  font-weight: 600; cursor: pointer; }
/* Decoration only: the empty alternative keeps it out of the button's name. */
.attach::before { content: "\\1F4CE\\00A0"; content: "\\1F4CE\\00A0" / ""; }
.primary:disabled { background: #94a3b8; cursor: not-allowed; }
.uploads { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 4px; }
.uploads[hidden] { display: none; }
.uploads li { display: flex; align-items: center; gap: 8px; padding: 6px 8px; border: 1px solid #e2e8f0;
  border-radius: 8px; background: #f8fafc; font-size: 13px; }
.uploads .name { flex: 1; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.uploads .state { color: #475569; }
.uploads li[data-status="ready"] .state { color: #166534; }
.uploads li[data-status="failed"] { flex-wrap: wrap; border-color: #fca5a5; background: #fef2f2; }
.uploads li[data-status="failed"] .state { order: 3; flex-basis: 100%; color: #b91c1c; }
.remove { background: none; border: 0; color: #475569; font-size: 18px; line-height: 1; cursor: pointer;
  padding: 0 4px; }
.messages { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 8px;
  max-height: 300px; overflow: auto; }
.messages li { max-width: 85%; padding: 8px 10px; border-radius: 10px; }
.messages p { margin: 2px 0 0; white-space: pre-wrap; word-break: break-word; }
.messages .file { display: block; margin-top: 4px; color: inherit; word-break: break-all; }
.messages p a { color: #3730a3; text-decoration: underline; }
.meta { display: flex; align-items: baseline; gap: 6px; }
.when { font-size: 11px; color: #475569; }
.mine { align-self: flex-end; background: #e0e7ff; }
.theirs { align-self: flex-start; background: #f1f5f9; }
.who { font-size: 12px; font-weight: 600; color: #475569; }
`;
