/**
 * The development explorer (/explorer, served by gateway/explorer.ts outside production only):
 * GraphiQL over /graphql, signed in as the role picked here with a development token the
 * gateway mints, the SDL's descriptions in its documentation pane. GraphiQL and React are the
 * packages' prebuilt bundles, loaded by the page before this script.
 */
import { byId } from '../shared/dom';
import { ROLE_LABELS } from '../shared/labels';

// The prebuilt bundles' globals (react, react-dom and graphiql UMD builds).
declare const React: { createElement(type: unknown, props: Record<string, unknown>): unknown };
declare const ReactDOM: { createRoot(container: Element): { render(element: unknown): void } };
declare const GraphiQL: unknown;

interface ExplorerSession {
  roles: string[];
  sampleCommunity: string;
  mintsTokens: boolean;
}

interface GraphQLParams {
  query: string;
  operationName?: string | null;
  variables?: unknown;
}

const DEFAULT_QUERY = `# 居民图谱：右侧"文档"是各字段的说明（来自各部门的 SDL）。
# The documentation pane shows each field's description from the subgraph SDLs.
{
  residents(first: 3) {
    nodes {
      name
      community
      subsistenceAllowance { status monthlyAmount }
      vitalStatus { deceased deathDate }
    }
    totalCount
  }
}
`;

let token: string | null = null;

function status(text: string, tone: 'ok' | 'error' = 'ok'): void {
  const el = byId('status');
  el.textContent = text;
  el.dataset.tone = tone;
}

async function signIn(role: string, community: string): Promise<void> {
  const res = await fetch('/explorer/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(role === 'community' ? { role, community } : { role }),
  });
  const body = (await res.json()) as { token?: string; error?: { message: string } };
  if (!res.ok || !body.token) throw new Error(body.error?.message ?? `HTTP ${res.status}`);
  token = body.token;
}

/** GraphiQL's fetcher: the signed-in role's token and the purpose, under what the Headers pane adds. */
async function fetcher(params: GraphQLParams, options: { headers?: Record<string, string> } = {}): Promise<unknown> {
  const purpose = byId<HTMLInputElement>('purpose').value.trim();
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(purpose ? { 'x-purpose': purpose } : {}), ...options.headers },
    body: JSON.stringify(params),
  });
  return res.json();
}

/** GraphiQL fills its container: the page is the bar and the explorer below it (set here: the CSP allows no inline style). */
function layout(): void {
  for (const el of [document.documentElement, document.body]) el.style.height = '100%';
  Object.assign(document.body.style, { display: 'flex', flexDirection: 'column' });
  Object.assign(byId('graphiql').style, { flex: '1', minHeight: '0' });
  Object.assign(byId('signin').style, { display: 'flex', flexWrap: 'wrap', gap: '0.75rem', alignItems: 'end', marginTop: '0.5rem' });
  // The page stylesheet's controls inherit the bar's white text and fill the width: dark text, natural width here.
  for (const control of byId('signin').querySelectorAll<HTMLElement>('input, select')) Object.assign(control.style, { color: 'var(--ink)', width: 'auto' });
}

async function main(): Promise<void> {
  layout();
  const session = (await (await fetch('/explorer/session')).json()) as ExplorerSession;
  const roleSelect = byId<HTMLSelectElement>('role');
  for (const role of session.roles) roleSelect.add(new Option(`${ROLE_LABELS[role] ?? role} (${role})`, role, role === 'civil-affairs', role === 'civil-affairs'));
  const community = byId<HTMLInputElement>('community');
  community.value = session.sampleCommunity;
  byId<HTMLInputElement>('purpose').value = 'development: exploring the graph';
  const showCommunity = () => (byId('community-field').hidden = roleSelect.value !== 'community');
  roleSelect.addEventListener('change', showCommunity);
  showCommunity();

  const form = byId<HTMLFormElement>('signin');
  const apply = async () => {
    try {
      await signIn(roleSelect.value, community.value.trim());
      status(`已登录：${ROLE_LABELS[roleSelect.value] ?? roleSelect.value} (${roleSelect.value})`);
    } catch (err) {
      token = null;
      status(err instanceof Error ? err.message : String(err), 'error');
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void apply();
  });
  if (session.mintsTokens) await apply();
  else status('此网关使用自己的 JWT_SECRET：请在 Headers 中填写 {"Authorization": "Bearer <token>"}', 'error');

  ReactDOM.createRoot(byId('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery: DEFAULT_QUERY, visiblePlugin: 'Documentation Explorer', isHeadersEditorEnabled: true, shouldPersistHeaders: false }),
  );
}

void main();
