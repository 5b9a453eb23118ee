/**
 * The community office's page (/qr): a community worker (or supervision, for any community)
 * generates the community's QR code and prints it with the community's name and a short link to
 * type when a phone cannot scan. The image is fetched with the bearer token (GET
 * /qr/<community>.svg) and shown from a blob. The lifetimes offered run up to the district's
 * setting (GET /qr/settings.json, QR_MAX_LIFETIME_DAYS), and a code that would point at this
 * machine (no PUBLIC_URL, opened on localhost) is warned about before it is printed.
 */
import { byId, notice, shanghaiTime } from '../shared/dom';
import { saveBlob } from '../shared/download';
import { graphql } from '../shared/graphql';
import { COMMUNITIES_QUERY } from '../../contract/pageOperations';
import { ROLE_LABELS } from '../shared/labels';
import { readClaims, type TokenClaims } from '../shared/jwt';
import { staffToken } from '../shared/session';
import { renderSignIn, showAccount } from '../shared/signIn';

const PURPOSE = 'community-qr';

interface QrSettings {
  maxDays: number;
  defaultDays: number;
  publicUrlConfigured: boolean;
}

/** Lifetimes a poster is usually given, in days; the district's longest is always offered too. */
const USUAL_DAYS = [1, 7, 31, 90, 180, 365];

function daysLabel(days: number): string {
  if (days === 365 || days === 366) return `${days} 天（约一年）`;
  if (days >= 30 && days % 30 <= 1) return `${days} 天（约 ${Math.round(days / 30)} 个月）`;
  return `${days} 天`;
}

/** The lifetimes within the district's longest, the default chosen (the longest usual one up to 90 days). */
async function offerLifetimes(select: HTMLSelectElement): Promise<QrSettings | null> {
  const settings = await fetch('/qr/settings.json')
    .then((r) => (r.ok ? (r.json() as Promise<QrSettings>) : null))
    .catch(() => null);
  if (!settings || settings.maxDays < 1) return settings;
  const offered = [...new Set([...USUAL_DAYS.filter((d) => d <= settings.maxDays), settings.maxDays])].sort((a, b) => a - b);
  const chosen = offered.filter((d) => d <= 90).pop() ?? offered[0];
  select.replaceChildren(...offered.map((d) => new Option(daysLabel(d), String(d), d === chosen, d === chosen)));
  return settings;
}

interface Community {
  code: string;
  name: string;
  street: string;
}

function signIn(message: string | null = null): void {
  byId('qr-form').hidden = true;
  byId('sheet').hidden = true;
  renderSignIn(
    {
      container: byId('signin'),
      hint: '粘贴本人的登录令牌：社区工作人员生成本社区的二维码，监督部门可生成任一社区的二维码。',
      refuse: (claims) =>
        claims.sub?.startsWith('qr:') ? '二维码中的凭证不能用来生成新的二维码' : (claims.role === 'community' && claims.community) || claims.role === 'supervision' ? null : '只有社区工作人员或监督部门可以生成二维码',
      onSignedIn: (token, claims) => {
        staffToken.save(token);
        void start(token, claims);
      },
    },
    message,
  );
}

async function start(token: string, claims: TokenClaims): Promise<void> {
  byId('signin').hidden = true;
  byId('who').textContent = ROLE_LABELS[claims.role ?? ''] ?? '';
  showAccount(() => signIn());
  const pageNotice = byId('notice');
  const res = await graphql<{ communities: Community[] }>(COMMUNITIES_QUERY, {}, { token, purpose: PURPOSE });
  if (res.kind === 'errors' && res.errors[0]?.extensions?.code === 'UNAUTHENTICATED') {
    staffToken.forget();
    return signIn('登录已过期或令牌无效，请重新登录。');
  }
  const known = res.kind === 'data' ? res.data.communities : [];
  const allowed = claims.role === 'supervision' ? known : known.filter((c) => c.code === claims.community);
  const choices = allowed.length > 0 ? allowed : claims.community ? [{ code: claims.community, name: `社区 ${claims.community}`, street: '' }] : [];
  const select = byId<HTMLSelectElement>('community');
  select.replaceChildren(...choices.map((c) => new Option(`${c.name}${c.street ? `（${c.street}）` : ''}`, c.code)));
  select.disabled = choices.length === 1;
  const settings = await offerLifetimes(byId<HTMLSelectElement>('days'));
  if (settings) byId('days-hint').textContent = `本区设定二维码最长有效 ${settings.maxDays} 天；过期后二维码不能再上报，需重新生成并张贴`;
  byId('qr-form').hidden = false;
  let png: Blob | null = null;

  byId<HTMLFormElement>('qr-form').onsubmit = async (event) => {
    event.preventDefault();
    notice(pageNotice, null);
    const community = choices.find((c) => c.code === select.value);
    if (!community) return;
    const days = byId<HTMLSelectElement>('days').value;
    const headers = { authorization: `Bearer ${token}`, 'x-purpose': PURPOSE };
    const svg = await fetch(`/qr/${community.code}.svg?days=${days}&name=${encodeURIComponent(community.name)}`, { headers }).catch(() => null);
    if (!svg?.ok) {
      if (svg?.status === 401) {
        staffToken.forget();
        return signIn('登录已过期或令牌无效，请重新登录。');
      }
      return notice(pageNotice, svg?.status === 403 ? '您无权生成这个社区的二维码。' : '生成失败，请稍后再试。');
    }
    const image = byId<HTMLImageElement>('qr-image');
    if (image.src.startsWith('blob:')) URL.revokeObjectURL(image.src);
    image.src = URL.createObjectURL(await svg.blob());
    image.alt = `${community.name}人口变动上报二维码`;
    const link = svg.headers.get('x-intake-link') ?? '';
    image.dataset.link = link;
    const shortLink = svg.headers.get('x-intake-short-link') ?? '';
    byId('qr-short-link').textContent = shortLink;
    // A link to this machine opens nothing on a resident's phone: say so before it is printed.
    notice(
      byId('qr-warning'),
      svg.headers.get('x-intake-link-loopback') === 'true'
        ? `注意：这个二维码指向本机地址（${new URL(link).host}），居民的手机扫码后打不开。${settings?.publicUrlConfigured ? '网关配置的 PUBLIC_URL 是本机地址，' : '网关没有配置 PUBLIC_URL，'}请系统管理员把 PUBLIC_URL 设为居民手机能访问的地址后，再生成并打印。`
        : null,
    );
    byId('copy-short-link').onclick = async () => {
      const copied = await navigator.clipboard?.writeText(shortLink).then(() => true, () => false);
      notice(pageNotice, copied ? '短链接已复制。' : `请手动复制：${shortLink}`, copied ? 'ok' : 'info');
    };
    byId('sheet-title').textContent = community.name;
    byId('qr-expiry').textContent = `有效期至 ${shanghaiTime(svg.headers.get('x-intake-link-expires') ?? '')}，过期后请重新生成。`;
    byId('sheet').hidden = false;
    png = null;
    byId('download-png').onclick = async () => {
      png ??= await fetch(`/qr/${community.code}.png?days=${days}`, { headers }).then((r) => (r.ok ? r.blob() : null));
      if (png) saveBlob(png, `${community.name}-上报二维码.png`);
      else notice(pageNotice, '下载失败，请稍后再试。');
    };
  };
  byId('print').onclick = () => window.print();
}

const saved = staffToken.load();
const claims = saved ? readClaims(saved) : null;
if (saved && claims) void start(saved, claims);
else signIn();
