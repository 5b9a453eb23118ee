/**
 * The embedded identity provider's own pages: choose who to sign in as (development users, no
 * password), and the sign-out step that goes straight through (the person already pressed 退出登录
 * on the page they came from).
 */
import type { DevelopmentUser } from './users';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const STYLE = `body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;margin:0;background:#f4f5f7;color:#1d1d1f}
main{max-width:28rem;margin:0 auto;padding:1rem}h1{font-size:1.3rem}p{line-height:1.5}
.users{display:grid;gap:.5rem}.users button{display:block;width:100%;min-height:3rem;text-align:left;padding:.6rem .9rem;font-size:1rem;border:1px solid #c8ccd2;border-radius:.4rem;background:#fff;cursor:pointer}
.users button small{display:block;color:#555;font-size:.8rem}.warn{background:#fff4d6;border:1px solid #e6c35c;padding:.5rem .8rem;border-radius:.4rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function loginPage(action: string, users: readonly DevelopmentUser[], roleLabel: (user: DevelopmentUser) => string): string {
  const buttons = users
    .map((u) => `<button type="submit" name="user" value="${escape(u.id)}">${escape(u.name)}<small>${escape(roleLabel(u))}</small></button>`)
    .join('');
  return page(
    '登录 · 开发用身份认证',
    `<h1>选择登录身份</h1><p class="warn">这是开发和测试用的内置身份认证服务，用户均为虚构，无需密码。正式环境使用本区统一身份认证。</p>` +
      `<form method="post" action="${escape(action)}" class="users">${buttons}</form>`,
  );
}

/** oidc-provider's sign-out confirmation, submitted at once ("yes": end the provider's session too). */
export function logoutPage(form: string): string {
  return page(
    '正在退出登录',
    `${form}<p>正在退出登录…</p><noscript><button type="submit" form="op.logoutForm" name="logout" value="yes">退出登录</button></noscript>` +
      `<script>(function(){var f=document.getElementById('op.logoutForm');var i=document.createElement('input');i.type='hidden';i.name='logout';i.value='yes';f.appendChild(i);f.submit();})();</script>`,
  );
}

export function errorPage(message: string): string {
  return page('登录出错', `<h1>登录出错</h1><p>${escape(message)}</p><p>请回到原来的页面重新登录。</p>`);
}
