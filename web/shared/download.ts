/**
 * Downloads that need the bearer token: fetch with the Authorization header, then save the
 * answer as a file through a blob link (a plain link could not carry the header).
 */
export type DownloadOutcome = { ok: true; fileName: string } | { ok: false; status: number; code?: string };

function fileNameOf(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (star) return decodeURIComponent(star[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition ?? '');
  return plain ? plain[1] : fallback;
}

export async function downloadWithToken(url: string, token: string, purpose: string, fallbackName: string): Promise<DownloadOutcome> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token}`, 'x-purpose': purpose } });
  } catch {
    return { ok: false, status: 0 };
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { errors?: { extensions?: { code?: string } }[] } | null;
    return { ok: false, status: res.status, code: body?.errors?.[0]?.extensions?.code };
  }
  const fileName = fileNameOf(res.headers.get('content-disposition'), fallbackName);
  saveBlob(await res.blob(), fileName);
  return { ok: true, fileName };
}

export function saveBlob(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser time to start the download before the blob goes.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
