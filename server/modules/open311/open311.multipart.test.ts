import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { AddressInfo } from 'node:net';
import { createTestApp, forEachDatabase, type TestApp } from '../../../test/harness.ts';
import { systemActor } from '../../access/actor.ts';
import { FsAttachmentStore } from '../../attachments/store.ts';
import { buildJpeg, exifPayloadWithGps, GPS_LAT_BYTES, jpegSegment } from '../../attachments/testImages.ts';
import { IN_A1, seedCaseWorld } from '../cases/caseTestKit.ts';
import { createOpen311Key } from './createOpen311Key.ts';
import { parseXml } from './xmlParse.testkit.ts';

const START = new Date('2026-03-02T01:00:00.000Z');
/** Bytes as a file part (a copy: Blob wants a plain ArrayBuffer view). */
const jpegBlob = (bytes: Uint8Array): Blob => new Blob([new Uint8Array(bytes)], { type: 'image/jpeg' });

/**
 * multipart/form-data POSTs, as `curl -F`, HTML forms with a file input, Postman's form-data and Python
 * `requests.post(url, data=…, files={'media': …})` send them, over real HTTP with fetch's FormData.
 * The upload limit is 1 MB here (WANGGE_MAX_UPLOAD_MB) so the size check is cheap to hit.
 */
forEachDatabase('open311: multipart/form-data requests with a photo', (kind) => {
  let t: TestApp & { close(): Promise<void> };
  let url: string;
  let apiKey: string;

  before(async () => {
    t = await createTestApp(kind, { WANGGE_MAX_UPLOAD_MB: '1' });
    t.clock.now = new Date(START);
    await seedCaseWorld(t.storage.db);
    apiKey = (await t.storage.db.transaction().execute((trx) => createOpen311Key(trx, { actor: systemActor('test'), name: 'form app', now: START }))).key;
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/open311/v2/`;
  });
  after(async () => t.close());

  /** A form with the required fields; `extra` adds or overrides. */
  const form = (extra: Record<string, string | Blob> = {}): FormData => {
    const f = new FormData();
    const fields: Record<string, string | Blob> = { api_key: apiKey, jurisdiction_id: 'nanjing.gov.cn', service_code: '0101', lat: String(IN_A1.lat), long: String(IN_A1.lng), description: '小区门口垃圾堆积', ...extra };
    for (const [k, v] of Object.entries(fields)) {
      if (v instanceof Blob) f.append(k, v, 'IMG_0001.JPG');
      else f.append(k, v);
    }
    return f;
  };
  const post = (body: FormData, headers: Record<string, string> = {}, format = 'json') => fetch(`${url}requests.${format}`, { method: 'POST', body, headers });
  const caseOf = (caseNo: string) => t.storage.db.selectFrom('cases').selectAll().where('case_no', '=', caseNo).executeTakeFirstOrThrow();
  /** Photos of the case's report step (case_events.photos_json), as the console shows them. */
  const reportPhotos = async (caseId: string) => {
    const ev = await t.storage.db.selectFrom('case_events').select('photos_json').where('case_id', '=', caseId).where('action', '=', 'report').executeTakeFirstOrThrow();
    return JSON.parse(ev.photos_json ?? '[]') as string[];
  };
  const errorOf = async (res: Response) => ((await res.json()) as { code: number; description: string }[])[0]!;

  it('files a request from form fields alone, attributes included', async () => {
    // 路灯不亮 asks the pole number and what the lamp does (docs/open311.md, Services).
    const res = await post(form({ service_code: '0602', description: '路灯闪烁', first_name: '伟', last_name: '张', phone: '13800000000', 'attribute[pole_number]': 'NJ-GL-0042', 'attribute[pattern]': 'flicker' }));
    assert.equal(res.status, 200, await res.clone().text());
    const [created] = await res.json();
    const row = await caseOf(created.service_request_id);
    assert.equal(row.source, 'open311');
    assert.equal(row.category_code, '0602');
    assert.equal(row.description, '路灯闪烁');
    const details = JSON.parse(row.details_json ?? '{}');
    assert.equal(details.poleNumber, 'NJ-GL-0042');
    assert.equal(details.pattern, '闪烁');
    assert.equal(row.reporter_name, '张伟');
    assert.deepEqual(await reportPhotos(row.id), []);
  });

  it('stores the photo in media with its location metadata stripped, and lists it on the case', async () => {
    const photo = buildJpeg([jpegSegment(0xe1, exifPayloadWithGps())]);
    assert.ok(photo.includes(GPS_LAT_BYTES), 'the test photo carries GPS');
    const res = await post(form({ media: jpegBlob(photo) }));
    assert.equal(res.status, 200, await res.clone().text());
    const [created] = await res.json();
    const row = await caseOf(created.service_request_id);
    const photos = await reportPhotos(row.id);
    assert.equal(photos.length, 1);
    const attachment = await t.storage.db.selectFrom('attachments').selectAll().where('sha256', '=', photos[0]!).executeTakeFirstOrThrow();
    assert.equal(attachment.mime, 'image/jpeg');
    assert.equal(attachment.stripped, 1);
    const stored = await new FsAttachmentStore(t.config.dataDir).get(photos[0]!);
    assert.ok(stored && stored.length > 0);
    assert.ok(!stored.includes(GPS_LAT_BYTES), 'no GPS on disk');
    // The uploaded photo is for staff: the public feed does not expose it.
    const [tracked] = await (await fetch(`${url}requests/${created.service_request_id}.json`)).json();
    assert.equal(tracked.media_url, null);
  });

  it('refuses what is not a photo, a photo over the limit, a second file and a file in another field — each naming the field', async () => {
    const text = await post(form({ media: new Blob(['not an image at all'], { type: 'image/jpeg' }) }));
    assert.equal(text.status, 415);
    assert.match((await errorOf(text)).description, /^media: /);

    const big = Buffer.concat([buildJpeg(), Buffer.alloc(1_200_000, 0x20)]);
    const tooLarge = await post(form({ media: jpegBlob(big) }));
    assert.equal(tooLarge.status, 413);
    assert.match((await errorOf(tooLarge)).description, /^media: .*1048576 bytes/);

    const two = form({ media: jpegBlob(buildJpeg()) });
    two.append('media', jpegBlob(buildJpeg()), 'second.jpg');
    const twoRes = await post(two);
    assert.equal(twoRes.status, 400);
    assert.match((await errorOf(twoRes)).description, /^media: /);

    const elsewhere = await post(form({ attachment: jpegBlob(buildJpeg()) }));
    assert.equal(elsewhere.status, 400);
    assert.match((await errorOf(elsewhere)).description, /^attachment: /);

    // Field checks are the same as for an urlencoded body, in XML too.
    const noLat = await post(form({ lat: 'north' }), {}, 'xml');
    assert.equal(noLat.status, 400);
    const doc = parseXml(await noLat.text());
    assert.equal(doc.name, 'errors');

    const noKey = new FormData();
    noKey.append('service_code', '0101');
    assert.equal((await post(noKey)).status, 403);
    // Nothing above made a case or kept a photo.
    const cases = await t.storage.db.selectFrom('cases').select('id').where('source', '=', 'open311').execute();
    assert.equal(cases.length, 2, 'only the two good requests of the earlier tests');
  });

  it('is idempotent with Idempotency-Key: the same photo replays, another photo is 422', async () => {
    const photo = jpegBlob(buildJpeg([jpegSegment(0xfe, 'first')]));
    const first = await post(form({ media: photo }), { 'idempotency-key': 'mp-1' });
    assert.equal(first.status, 200, await first.clone().text());
    const again = await post(form({ media: photo }), { 'idempotency-key': 'mp-1' });
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotency-replayed'), 'true');
    assert.deepEqual(await again.json(), await first.json());
    const other = await post(form({ media: jpegBlob(buildJpeg([jpegSegment(0xfe, 'second')])) }), { 'idempotency-key': 'mp-1' });
    assert.equal(other.status, 422);
  });
});
