/**
 * Signing in. With an OpenID provider configured (the gateway's /signin/config) the page sends
 * the person there (oidc.ts) and takes them back signed in; the pasted-token box remains behind
 * "advanced" outside production, for developers. Without a provider, pasting a token is the way
 * in, as before. Claims are read to refuse an unsuitable sign-in at once (wrong role...); the
 * gateway still verifies every request, and a refusal there signs the page out.
 */
import { h } from './dom';
import { isExpired, readClaims, type TokenClaims } from './jwt';
import { beginSignIn, completeSignIn, currentSession, isSignInResponse, justSignedOut, signInSettings, signOut as endSession, type SignInSettings } from './oidc';
import { staffToken } from './session';

export interface SignInOptions {
  container: HTMLElement;
  /** What a pasted token is for, shown above the field. */
  hint: string;
  /** What the sign-in card says above 登录 when a provider is configured. @default 使用本区统一身份认证账号登录。 */
  providerHint?: string;
  /** A reason to refuse these claims (wrong role...), or null to accept them. */
  refuse(claims: TokenClaims): string | null;
  onSignedIn(token: string, claims: TokenClaims): void;
  /**
   * Go to the provider without a click when the page opens signed out (not after a sign-out or a
   * refusal). Off for the intake page, which people also open from a QR code. @default true
   */
  automatic?: boolean;
}

function pastedTokenForm(options: SignInOptions, message: string | null): HTMLFormElement {
  const error = h('p', { id: 'token-error', class: 'error', hidden: !message }, message ?? '');
  const input = h('textarea', {
    id: 'token-input',
    name: 'token',
    rows: 4,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'token-hint token-error',
    'aria-invalid': message ? 'true' : false,
  });
  const form = h(
    'form',
    { id: 'signin-form', class: 'card', novalidate: true },
    h('h2', {}, '登录'),
    h('label', { for: 'token-input' }, '登录令牌'),
    h('p', { id: 'token-hint', class: 'hint' }, options.hint),
    input,
    error,
    h('button', { type: 'submit', id: 'signin-button' }, '登录'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    const claims = readClaims(token);
    const problem = !token ? '请粘贴登录令牌' : !claims ? '这不是有效的登录令牌，请完整复制后粘贴' : isExpired(claims) ? '登录令牌已过期，请重新获取' : options.refuse(claims);
    if (problem) {
      error.textContent = problem;
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    options.onSignedIn(token, claims!);
  });
  return form;
}

function show(options: SignInOptions, content: HTMLElement): void {
  options.container.replaceChildren(content);
  options.container.hidden = false;
}

/** The sign-in card for a provider: one button, the reason the page asks again, and (development) the pasted token. */
function providerCard(options: SignInOptions, config: SignInSettings, message: string | null, wrongAccount: boolean): HTMLElement {
  const button = h('button', { type: 'button', id: 'oidc-signin', class: 'primary' }, wrongAccount ? '退出并换一个账号登录' : '登录');
  const error = h('p', { id: 'signin-error', class: 'error', role: 'alert', hidden: !message }, message ?? '');
  button.addEventListener('click', () => {
    button.disabled = true;
    const go = wrongAccount ? endSession() : beginSignIn(config);
    go.catch(() => {
      button.disabled = false;
      error.textContent = '暂时无法连接统一身份认证服务，请稍后再试。';
      error.hidden = false;
    });
  });
  const card = h('section', { id: 'signin-card', class: 'card' }, h('h2', {}, '登录'), h('p', { id: 'signin-hint', class: 'hint' }, `${options.providerHint ?? '使用本区统一身份认证账号登录。'}登录后，本浏览器的其他标签页也保持登录，直到退出或登录过期。`), error, button);
  if (config.pastedTokens) {
    card.append(h('details', { id: 'advanced-signin' }, h('summary', {}, '高级：粘贴登录令牌（仅限开发环境）'), pastedTokenForm(options, null)));
  }
  return card;
}

async function renderWithSettings(options: SignInOptions, message: string | null): Promise<void> {
  let config: SignInSettings;
  try {
    config = await signInSettings();
  } catch {
    // The gateway is unreachable: nothing would work signed in either; the box at least says so on use.
    return show(options, pastedTokenForm(options, message));
  }
  if (!config.issuer) return show(options, pastedTokenForm(options, message));
  if (isSignInResponse()) {
    show(options, h('section', { id: 'signin-card', class: 'card' }, h('p', { role: 'status' }, '正在登录…')));
    const outcome = await completeSignIn(config);
    if (outcome.kind === 'failed') return show(options, providerCard(options, config, outcome.message, false));
    const claims = readClaims(outcome.session.accessToken) ?? {};
    const refusal = options.refuse(claims);
    if (refusal) {
      staffToken.forget(); // not this page's kind of account: nothing of it is kept but what signs it out
      return show(options, providerCard(options, config, `${refusal}。`, true));
    }
    options.container.hidden = true;
    return options.onSignedIn(outcome.session.accessToken, claims);
  }
  const afterSignOut = justSignedOut();
  if (!message && !afterSignOut && options.automatic !== false) {
    try {
      return await beginSignIn(config);
    } catch {
      message = '暂时无法连接统一身份认证服务，请稍后再试。';
    }
  }
  show(options, providerCard(options, config, message ?? (afterSignOut ? '您已退出登录。' : null), false));
}

export function renderSignIn(options: SignInOptions, message: string | null = null): void {
  show(options, h('section', { id: 'signin-card', class: 'card' }, h('p', { role: 'status' }, '正在准备登录…')));
  renderWithSettings(options, message).catch(() => {
    // Something unforeseen (storage, a malformed answer): say so rather than stay at 正在登录….
    show(options, h('section', { id: 'signin-card', class: 'card' }, h('p', { id: 'signin-error', class: 'error', role: 'alert' }, '暂时无法完成登录，请刷新页面后重试。')));
  });
}

/** Signs out everywhere (this browser's tabs, and the provider's session); resolves when there was only a pasted token to forget. */
export async function signOut(): Promise<void> {
  staffToken.forget();
  await endSession();
}

/**
 * Who is signed in, in the page's header, with 退出登录 (unless the page has its own button,
 * #sign-out). Shows nothing for a QR credential or a pasted token without a name.
 */
export function showAccount(onSignedOut: () => void): void {
  const header = document.querySelector('header.bar');
  if (!header) return;
  document.getElementById('account')?.remove();
  const name = currentSession()?.name;
  const own = document.getElementById('sign-out');
  const button = own ? null : h('button', { type: 'button', id: 'account-sign-out', class: 'link' }, '退出登录');
  button?.addEventListener('click', () => void signOut().then(onSignedOut));
  header.append(h('p', { id: 'account', class: 'sub account' }, name ? h('span', { id: 'signed-in-name' }, name) : null, name && button ? ' · ' : null, button));
}
