import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { createTestStorage, forEachDatabase, type TestStorage } from '../../test/harness.ts';
import { publicActor, systemActor } from '../access/actor.ts';
import { AppError } from '../errors.ts';
import { findAttachmentById } from './attachments.repository.ts';
import { storeAttachment } from './storeAttachment.ts';
import { FsAttachmentStore, sha256Hex } from './store.ts';
import { buildJpeg, buildPng, exifPayloadWithGps, GPS_LAT_BYTES, jpegSegment } from './testImages.ts';

const MiB = 1024 * 1024;

forEachDatabase('attachments: content-addressed store and storeAttachment', (kind) => {
  let ts: TestStorage;
  let store: FsAttachmentStore;
  const now = new Date('2026-11-27T09:00:00.000Z');
  before(async () => {
    ts = await createTestStorage(kind);
    store = new FsAttachmentStore(ts.dataDir);
  });
  after(async () => ts.cleanup());

  it('stores content once under attachments/ab/cd/<sha256>, atomically, and reads it back', async () => {
    const bytes = buildPng();
    const sha = sha256Hex(bytes);
    const a = await store.put(bytes);
    const b = await store.put(Buffer.from(bytes));
    assert.deepEqual(a, { sha256: sha, size: bytes.length });
    assert.deepEqual(b, a);
    const file = path.join(ts.dataDir, 'attachments', sha.slice(0, 2), sha.slice(2, 4), sha);
    assert.deepEqual(fs.readFileSync(file), bytes);
    assert.deepEqual(fs.readdirSync(path.join(ts.dataDir, 'attachments', 'tmp')), [], 'no temp files left');
    assert.equal(await store.has(sha), true);
    assert.deepEqual(await store.get(sha), bytes);
    const chunks: Buffer[] = [];
    for await (const c of (await store.stream(sha))!) chunks.push(c as Buffer);
    assert.deepEqual(Buffer.concat(chunks), bytes);
  });

  it('answers absent and malformed hashes without touching the filesystem outside the store', async () => {
    assert.equal(await store.has('0'.repeat(64)), false);
    assert.equal(await store.get('0'.repeat(64)), null);
    assert.equal(await store.stream('0'.repeat(64)), null);
    assert.equal(await store.has('../../etc/passwd'), false);
    assert.equal(await store.get('../../etc/passwd'), null);
    assert.throws(() => store.pathFor('../x'));
  });

  it('stores a resident photo stripped of GPS, with its metadata row and audit entry', async () => {
    const photo = buildJpeg([jpegSegment(0xe1, exifPayloadWithGps())]);
    const att = await ts.storage.db.transaction().execute((trx) =>
      storeAttachment(trx, { actor: publicActor('203.0.113.9'), store, bytes: photo, originalName: 'C:\\Users\\me\\IMG_0001.JPG', maxBytes: MiB, stripLocation: true, now }),
    );
    assert.equal(att.mime, 'image/jpeg');
    assert.equal(att.stripped, true);
    assert.equal(att.originalName, 'IMG_0001.JPG');
    assert.equal(att.createdBy, null);
    assert.equal(att.createdAt, now.toISOString());
    const stored = (await store.get(att.sha256))!;
    assert.ok(!stored.includes(GPS_LAT_BYTES), 'GPS not on disk');
    assert.equal(att.sha256, sha256Hex(stored));
    assert.equal(att.size, stored.length);
    const row = await findAttachmentById(ts.storage.db, att.id);
    assert.equal(row?.stripped, 1);
    assert.equal(Number(row?.size), stored.length);
    const audit = await ts.storage.db.selectFrom('audit_log').selectAll().where('record_id', '=', att.id).executeTakeFirstOrThrow();
    assert.equal(audit.action, 'attachment.create');
    assert.match(audit.after_json ?? '', /APP1 Exif/);
  });

  it('keeps staff photos as uploaded', async () => {
    const photo = buildJpeg([jpegSegment(0xe1, exifPayloadWithGps())]);
    const att = await ts.storage.db.transaction().execute((trx) =>
      storeAttachment(trx, { actor: systemActor('grid-worker-test'), store, bytes: photo, maxBytes: MiB, stripLocation: false, now }),
    );
    assert.equal(att.stripped, false);
    assert.equal(att.sha256, sha256Hex(photo));
    assert.ok((await store.get(att.sha256))!.includes(GPS_LAT_BYTES));
  });

  it('refuses a text file named .jpg and records nothing', async () => {
    const before = await ts.storage.db.selectFrom('attachments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    await assert.rejects(
      ts.storage.db.transaction().execute((trx) =>
        storeAttachment(trx, { actor: publicActor(null), store, bytes: Buffer.from('hello, I am text\n'), originalName: 'photo.jpg', maxBytes: MiB, stripLocation: true, now }),
      ),
      (err: unknown) => err instanceof AppError && err.code === 'UNSUPPORTED_MEDIA_TYPE',
    );
    const afterCount = await ts.storage.db.selectFrom('attachments').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });
});
