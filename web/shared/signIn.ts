/**
 * Signing in by pasting a token (a department clerk's or a community worker's own): the claims
 * are read to say who is signed in and to refuse an expired or unsuitable token at once; the
 * gateway still verifies every request, and a refusal there signs the page out.
 */
import { h } from './dom';
import { isExpired, readClaims, type TokenClaims } from './jwt';

export interface SignInOptions {
  container: HTMLElement;
  /** What the token is for, shown above the field. */
  hint: string;
  /** A reason to refuse these claims (wrong role...), or null to accept them. */
  refuse(claims: TokenClaims): string | null;
  onSignedIn(token: string, claims: TokenClaims): void;
}

export function renderSignIn(options: SignInOptions, message: string | null = null): void {
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
  options.container.replaceChildren(form);
  options.container.hidden = false;
}
