/** The playground's stylesheet: a Telegram-like phone on the left, a Slack-like channel on the right. */
export const STYLES = `
*{box-sizing:border-box}
html,body{height:100%;margin:0}
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Arabic","Noto Sans Ethiopic",sans-serif;color:#1d1c1d;background:#eef0f3;display:flex;flex-direction:column}
button,select,input,textarea{font:inherit}
.pg-bar{background:#1f2937;color:#f9fafb;padding:8px 14px;display:flex;flex-wrap:wrap;gap:6px 16px;align-items:center}
.pg-title span{color:#9ca3af;font-size:12px;margin-left:6px}
.pg-controls{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center}
.pg-controls label{display:flex;gap:4px;align-items:center;color:#d1d5db;font-size:13px}
.pg-controls select,.pg-controls input{border-radius:6px;border:1px solid #4b5563;background:#111827;color:#f9fafb;padding:3px 6px}
.pg-controls input[type=number]{width:5.5em}
.pg-controls button{border-radius:6px;border:1px solid #4b5563;background:#374151;color:#f9fafb;padding:4px 10px;cursor:pointer}
.pg-controls button:hover{background:#4b5563}
.pg-controls .pg-danger{border-color:#b91c1c;background:#7f1d1d}
.pg-sep{width:1px;height:22px;background:#4b5563}
.pg-status,.pg-notice{width:100%;font-size:13px;min-height:0}
.pg-status:empty,.pg-notice:empty{display:none}
.pg-status{color:#bfdbfe}
.pg-status.pg-failed{color:#fecaca}
.pg-notice.pg-error{color:#fecaca}
.pg-main{flex:1;display:flex;gap:14px;padding:14px;min-height:0}
.pg-pane{display:flex;flex-direction:column;min-height:0}
.pg-pane h2{font-size:13px;text-transform:uppercase;letter-spacing:.05em;color:#4b5563;margin:0 0 8px}
.pg-pane h2 small{text-transform:none;letter-spacing:0;color:#9ca3af;font-weight:normal;margin-left:4px}
.pg-phone-pane{width:400px;flex:none}
.pg-inbox-pane{flex:1;min-width:0}
.tg-phone{flex:1;display:flex;flex-direction:column;min-height:0;border-radius:22px;border:8px solid #111827;background:#c8d8c0 linear-gradient(160deg,#d5e3c8,#a9c6a4);overflow:hidden}
.tg-header{display:flex;gap:10px;align-items:center;background:#fff;padding:8px 12px;border-bottom:1px solid #ddd}
.tg-header small{display:block;color:#6b7280;font-size:12px}
.tg-avatar{width:34px;height:34px;border-radius:50%;background:#4f8fd6;color:#fff;display:grid;place-items:center;font-weight:bold}
.tg-messages{flex:1;overflow-y:auto;padding:10px 8px;display:flex;flex-direction:column;gap:6px}
.tg-empty{color:#374151;background:#ffffffb0;border-radius:10px;padding:8px 10px;text-align:center;font-size:13px}
.tg-msg{display:flex;flex-direction:column;max-width:85%}
.tg-bot{align-self:flex-start}
.tg-person{align-self:flex-end;align-items:flex-end}
.tg-bubble{border-radius:12px;padding:6px 9px 4px;background:#fff;box-shadow:0 1px 1px #0002;min-width:60px}
.tg-person .tg-bubble{background:#e1fec6}
.tg-text{white-space:pre-wrap;overflow-wrap:anywhere}
.tg-media{font-weight:600;color:#2563eb;padding:14px 18px;margin:2px 0 4px;border-radius:8px;background:linear-gradient(135deg,#dbeafe,#bfdbfe);text-align:center}
.tg-meta{font-size:11px;color:#6b7280;text-align:end;margin-top:2px}
.tg-ok{color:#16a34a}
.tg-failed{color:#b91c1c;font-weight:600}
.tg-keyboard{display:flex;flex-direction:column;gap:3px;margin-top:3px;width:100%}
.tg-row{display:flex;gap:3px}
.tg-button{flex:1;border:0;border-radius:8px;background:#ffffffc0;color:#1e3a5f;padding:6px 8px;cursor:pointer;font-size:13px;text-align:center;text-decoration:none}
.tg-button:hover{background:#fff}
.tg-button:disabled{color:#9ca3af;cursor:default}
.tg-reply-keyboard{display:flex;flex-direction:column;gap:3px;padding:0 6px}
.tg-reply-keyboard:empty{display:none}
.tg-reply-keyboard .tg-button{background:#f3f4f6}
.tg-composer{display:flex;gap:6px;align-items:flex-end;background:#fff;padding:6px}
.tg-composer textarea{flex:1;resize:none;border:0;outline:0;padding:7px 4px;max-height:120px}
.tg-icon,.tg-send{border:0;background:none;font-size:20px;cursor:pointer;padding:4px 6px;color:#4f8fd6}
.sl-inbox{flex:1;overflow-y:auto;background:#fff;border-radius:10px;border:1px solid #d1d5db;padding:6px 0}
.sl-channel-name{margin:4px 16px 8px;font-size:15px}
.sl-empty{color:#6b7280;margin:12px 16px}
.sl-thread{border-top:1px solid #eee;padding:8px 16px 10px}
.sl-thread-active{background:#fffbeb;box-shadow:inset 3px 0 #f59e0b}
.sl-thread-person{font-size:11px;color:#92400e;text-transform:uppercase;letter-spacing:.04em;margin-bottom:2px}
.sl-msg{padding:3px 0}
.sl-head{display:flex;gap:6px;align-items:baseline}
.sl-author{font-weight:700}
.sl-app{font-size:10px;background:#e5e7eb;color:#4b5563;border-radius:3px;padding:0 3px}
.sl-time,.sl-edited{color:#6b7280;font-size:12px}
.sl-body{overflow-wrap:anywhere}
.sl-text{white-space:pre-wrap}
.sl-deleted{color:#6b7280;font-style:italic}
.sl-section{display:flex;gap:10px;justify-content:space-between;margin:2px 0}
.sl-section-main{flex:1;min-width:0}
.sl-fields{display:grid;grid-template-columns:1fr 1fr;gap:4px 12px;margin-top:4px}
.sl-context{display:flex;flex-wrap:wrap;gap:8px;color:#616061;font-size:12px;margin:2px 0}
.sl-header{font-size:17px;font-weight:800;margin:4px 0}
.sl-divider{border:0;border-top:1px solid #e5e7eb;margin:6px 0}
.sl-actions{display:flex;flex-wrap:wrap;gap:6px;margin:6px 0}
.sl-btn{border:1px solid #c9cacc;background:#fff;color:#1d1c1d;border-radius:6px;padding:3px 10px;font-weight:600;cursor:pointer;text-decoration:none;font-size:13px}
.sl-btn:hover{background:#f8f8f8}
.sl-btn-primary{background:#007a5a;border-color:#007a5a;color:#fff}
.sl-btn-primary:hover{background:#148567}
.sl-btn-danger{color:#e01e5a;border-color:#e01e5a}
.sl-control{border:1px dashed #c9cacc;border-radius:6px;padding:2px 8px;color:#616061;font-size:13px}
.sl-image,.sl-unknown,.sl-input{color:#616061;font-size:13px;margin:2px 0}
.sl-attachment{border-left:4px solid #ddd;padding-left:8px;margin:4px 0}
.sl-file{font-size:13px;margin:3px 0}
.sl-file-size{color:#6b7280;font-size:12px}
.sl-quote{display:inline-block;border-left:4px solid #ddd;padding-left:8px}
.sl-pre{background:#f8f8f8;border:1px solid #e5e7eb;border-radius:4px;padding:6px;margin:4px 0;white-space:pre-wrap}
.sl-mention{background:#e8f5fa;color:#1264a3;border-radius:3px;padding:0 2px}
.sl-reactions{display:flex;gap:4px;margin-top:3px}
.sl-reaction{border:1px solid #1d9bd1;background:#e8f5fa;border-radius:12px;padding:0 7px;font-size:12px}
.sl-replies{margin:4px 0 0 18px;padding-left:10px;border-left:2px solid #e5e7eb}
.sl-reply-count{color:#1264a3;font-size:12px;font-weight:600}
.sl-reply-form{display:flex;gap:6px;margin:6px 0 0 18px}
.sl-reply-input{flex:1;border:1px solid #c9cacc;border-radius:6px;padding:4px 8px}
.sl-to-person{display:flex;gap:3px;align-items:center;font-size:12px;color:#1264a3;white-space:nowrap}
.sl-overflow{border:1px solid #c9cacc;border-radius:6px;background:#fff;font-weight:700;cursor:pointer;max-width:2.6em}
.sl-dialog{position:sticky;top:0;z-index:2;background:#fff;border:1px solid #c9cacc;border-radius:8px;box-shadow:0 4px 16px rgba(0,0,0,.18);padding:12px;margin:0 0 12px}
.sl-dialog-title{font-weight:800;font-size:16px;margin-bottom:8px}
.sl-dialog .sl-input{display:flex;flex-direction:column;gap:4px;color:#1d1c1d}
.sl-field{border:1px solid #c9cacc;border-radius:6px;padding:6px 8px;font:inherit;width:100%}
.sl-check{display:block;font-size:13px;margin:2px 0}
.sl-dialog-buttons{display:flex;justify-content:flex-end;gap:8px;margin-top:10px}
code{background:#f3f4f6;border:1px solid #e5e7eb;border-radius:3px;padding:0 3px;color:#c01343;font-size:12px}
@media (max-width:860px){.pg-main{flex-direction:column}.pg-phone-pane{width:auto;height:70vh}.pg-inbox-pane{min-height:60vh}}
`;
