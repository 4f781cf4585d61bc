import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Select, Space, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../lib/api.ts';
import { applyAction, EVIDENCE_ACTIONS, pickBilingual, REASON_ACTIONS, uploadImage, type CaseView, type SuggestedHandler } from '../lib/cases.ts';
import { ErrorNote } from '../components/ErrorNote.tsx';

/** Workflow conflicts answered in the server's own words ("already verified by 王芳 at 14:02"). */
const PLAIN_CODES = new Set(['STALE_TRANSITION', 'INVALID_TRANSITION', 'REASON_REQUIRED', 'FORBIDDEN']);

/** An action error said plainly: conflicts with the server's message (who did what when), others translated. */
export function ActionError({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  if (!error) return null;
  if (error instanceof ApiError && PLAIN_CODES.has(error.code)) {
    return (
      <Alert
        type={error.code === 'STALE_TRANSITION' ? 'warning' : 'error'}
        showIcon
        role="alert"
        title={t(`console.conflict.${error.code}`)}
        description={pickBilingual(error.message, i18n.language === 'en')}
      />
    );
  }
  return <ErrorNote error={error} />;
}

// Buttons first for the main line of the workflow; controlled requests and decisions after.
const MAIN = ['file', 'dispatch', 'accept', 'complete', 'self_resolve', 'verify', 'close', 'evaluate', 'resume'];
const DANGER = new Set(['reject', 'rework', 'request_void', 'approve_void']);
const EXTEND_OPTIONS = ['4wh', '1wd', '2wd', '3wd', '5wd', '10wd'];

/**
 * The actions this person may take on this case now — exactly the server's `actions` list — each with the
 * inputs it needs: a reason, the department to dispatch to (the suggested one preselected), how much longer,
 * a note and photos for work done on site. The version the person saw goes with it, so a case someone else
 * moved in the meantime answers STALE_TRANSITION instead of being overwritten.
 */
export function CaseActions({ c, onDone }: { c: CaseView; onDone: (updated: CaseView) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [action, setAction] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<{ reason?: string; note?: string; extendBy?: string; departmentId?: string }>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [suggestion, setSuggestion] = useState<SuggestedHandler | null>(null);
  // The version the person saw when they opened the form: if the case moves meanwhile (the live stream
  // re-reads it behind the dialog), the server answers STALE_TRANSITION naming who moved it, instead of
  // this form silently acting on a case the person has not seen.
  const [seenVersion, setSeenVersion] = useState(c.version);

  useEffect(() => {
    if (action !== 'dispatch') return;
    let live = true;
    api<SuggestedHandler>(`/api/cases/${c.id}/suggested-handler`).then(
      (s) => {
        if (!live) return;
        setSuggestion(s);
        if (s.department) form.setFieldValue('departmentId', s.department.id);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [action, c.id, form]);

  const actions = [...c.actions].sort((a, b) => {
    const ia = MAIN.indexOf(a);
    const ib = MAIN.indexOf(b);
    return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  });
  if (actions.length === 0) return <Typography.Text type="secondary">{t('console.actions.none')}</Typography.Text>;

  const open = (a: string) => {
    form.resetFields();
    setFiles([]);
    setError(null);
    setSuggestion(null);
    setSeenVersion(c.version);
    setAction(a);
  };

  const submit = async () => {
    if (!action) return;
    const v = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      const photos = files.map((f) => f.response as string | undefined).filter((s): s is string => !!s);
      const r = await applyAction(c.id, {
        action,
        ...(v.reason ? { reason: v.reason } : {}),
        ...(v.note ? { note: v.note } : {}),
        ...(v.extendBy ? { extendBy: v.extendBy } : {}),
        ...(v.departmentId ? { departmentId: v.departmentId } : {}),
        ...(photos.length ? { photos } : {}),
        expectedVersion: seenVersion,
      });
      message.success(t('console.actions.done', { action: t(`console.action.${action}`) }));
      setAction(null);
      onDone(r.case);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const uploading = files.some((f) => f.status === 'uploading');
  return (
    <>
      <Space wrap>
        {actions.map((a) => (
          <Button key={a} type={MAIN.includes(a) ? 'primary' : 'default'} danger={DANGER.has(a)} onClick={() => open(a)}>
            {t(`console.action.${a}`, { defaultValue: a })}
          </Button>
        ))}
      </Space>
      <Modal
        open={action !== null}
        title={action ? `${t(`console.action.${action}`, { defaultValue: action })} · ${c.caseNo}` : ''}
        okText={t('console.actions.confirm')}
        cancelText={t('common.cancel')}
        onOk={() => void submit()}
        okButtonProps={{ loading: busy, disabled: uploading }}
        onCancel={() => setAction(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" requiredMark>
          {action === 'dispatch' && (
            <Form.Item name="departmentId" label={t('console.actions.department')} rules={[{ required: true, message: t('console.actions.departmentRequired') }]}
              extra={suggestion && (suggestion.department ? t('console.actions.suggested', { name: suggestion.department.nameZh }) : t('console.actions.noSuggestion'))}>
              <Select
                aria-label={t('console.actions.department')}
                loading={!suggestion && !error}
                options={suggestion?.department ? [{ value: suggestion.department.id, label: `${suggestion.department.nameZh} · ${t('console.actions.suggestedTag')}` }] : []}
              />
            </Form.Item>
          )}
          {action === 'request_extension' && (
            <Form.Item name="extendBy" label={t('console.actions.extendBy')} initialValue="2wd" rules={[{ required: true }]}>
              <Select aria-label={t('console.actions.extendBy')} options={EXTEND_OPTIONS.map((o) => ({ value: o, label: t(`console.extend.${o}`) }))} />
            </Form.Item>
          )}
          {action && REASON_ACTIONS.has(action) && (
            <Form.Item name="reason" label={t('console.actions.reason')} rules={[{ required: true, whitespace: true, message: t('console.actions.reasonRequired') }]}>
              <Input.TextArea rows={3} maxLength={1000} showCount aria-label={t('console.actions.reason')} />
            </Form.Item>
          )}
          {action && !REASON_ACTIONS.has(action) && (
            <Form.Item name="note" label={t('console.actions.note')} rules={EVIDENCE_ACTIONS.has(action) ? [{ required: true, whitespace: true, message: t('console.actions.noteRequired') }] : []}>
              <Input.TextArea rows={3} maxLength={2000} aria-label={t('console.actions.note')} placeholder={EVIDENCE_ACTIONS.has(action) ? t('console.actions.notePlaceholder') : ''} />
            </Form.Item>
          )}
          {action && EVIDENCE_ACTIONS.has(action) && (
            <Form.Item label={t('console.actions.photos')}>
              <Upload
                accept="image/jpeg,image/png,image/webp"
                listType="picture-card"
                fileList={files}
                onChange={({ fileList }) => setFiles(fileList)}
                customRequest={({ file, onSuccess, onError }) => {
                  uploadImage(file as Blob).then((sha) => onSuccess?.(sha), (e: Error) => onError?.(e));
                }}
              >
                {files.length < 9 && (
                  <div>
                    <CameraOutlined style={{ fontSize: 20 }} />
                    <div style={{ marginTop: 4 }}>{t('console.actions.addPhoto')}</div>
                  </div>
                )}
              </Upload>
            </Form.Item>
          )}
        </Form>
        <ActionError error={error} />
      </Modal>
    </>
  );
}
