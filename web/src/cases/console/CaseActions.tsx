import { useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Radio, Select, Space, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd';
import { CameraOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, ApiError, uploadImage } from '../../lib/api.ts';
import { useAction } from '../../lib/useAction.ts';
import { pickBilingual } from '../../lib/format.ts';
import { applyAction, EVIDENCE_ACTIONS, REASON_ACTIONS } from '../shared/cases.ts';
import type { CaseResponse, CaseView, EscalationRequest, PossibleDuplicate, PossibleDuplicates, SuggestedHandler } from '../../../../shared/cases/wire.ts';
import type { DepartmentsResponse, DepartmentView } from '../../../../shared/people/wire.ts';
import { ErrorNote } from '../../components/ErrorNote.tsx';

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

/** Steps outside the state machine's table that the server lists in `caseOps`: merge, dispute ladder. */
const OPS = ['merge', 'escalate_dispute', 'decide_dispute_escalation'] as const;
type Op = (typeof OPS)[number];
const OP_LABEL: Record<Op, string> = { merge: 'console.actions.merge', escalate_dispute: 'console.actions.escalateDispute', decide_dispute_escalation: 'console.actions.decideEscalation' };
const LEVEL_UP: Record<string, string> = { grid: 'community', community: 'street', street: 'county' };

// Buttons first for the main line of the workflow; controlled requests and decisions after.
const MAIN = ['file', 'dispatch', 'accept', 'complete', 'self_resolve', 'verify', 'close', 'evaluate', 'resume'];
const DANGER = new Set(['reject', 'rework', 'request_void', 'approve_void']);
const EXTEND_OPTIONS = ['4wh', '1wd', '2wd', '3wd', '5wd', '10wd'];

/**
 * The actions this person may take on this case now — exactly the server's `actions` list, plus merge and
 * the dispute ladder (矛盾上交 and its approval) when the server lists them in `caseOps` — each with the
 * inputs it needs: a reason, the department to dispatch to (any department serving the grid, the suggested
 * one preselected and marked), the case to merge into, how much longer,
 * a note and photos for work done on site. The version the person saw goes with it, so a case someone else
 * moved in the meantime answers STALE_TRANSITION instead of being overwritten.
 */
export function CaseActions({ c, onDone }: { c: CaseView; onDone: (updated: CaseView) => void }) {
  const { t, i18n } = useTranslation();
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const [action, setAction] = useState<string | null>(null);
  const { run, busy, error, setError } = useAction();
  const [form] = Form.useForm<{ reason?: string; note?: string; extendBy?: string; departmentId?: string; into?: string; decision?: 'approve' | 'deny' }>();
  const [files, setFiles] = useState<UploadFile[]>([]);
  const [suggestion, setSuggestion] = useState<SuggestedHandler | null>(null);
  const [departments, setDepartments] = useState<DepartmentView[] | null>(null);
  const [duplicates, setDuplicates] = useState<PossibleDuplicate[] | null>(null);
  const decision = Form.useWatch('decision', form);
  const ops = OPS.filter((o) => c.caseOps?.includes(o));
  const level = c.disputeLevel ?? 'grid';
  const escalationRequest = (c.details?.['escalationRequest'] as EscalationRequest | undefined) ?? null;
  // The version the person saw when they opened the form: if the case moves meanwhile (the live stream
  // re-reads it behind the dialog), the server answers STALE_TRANSITION naming who moved it, instead of
  // this form silently acting on a case the person has not seen.
  const [seenVersion, setSeenVersion] = useState(c.version);

  useEffect(() => {
    if (action !== 'dispatch') return;
    let live = true;
    // The suggestion (category + territory) and every department serving the case's grid: the dispatcher
    // confirms the suggestion or overrides it. The server accepts exactly the departments serving the grid.
    Promise.all([
      api<SuggestedHandler>(`/api/cases/${c.id}/suggested-handler`),
      api<DepartmentsResponse>(`/api/departments?scope=${encodeURIComponent(c.gridCode)}`),
    ]).then(
      ([s, d]) => {
        if (!live) return;
        setSuggestion(s);
        setDepartments(d.departments);
        if (s.department) form.setFieldValue('departmentId', s.department.id);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [action, c.id, c.gridCode, form]);

  useEffect(() => {
    if (action !== 'merge') return;
    let live = true;
    api<PossibleDuplicates>(`/api/cases/${c.id}/possible-duplicates`).then(
      (r) => {
        if (!live) return;
        setDuplicates(r.possibleDuplicates);
        if (r.possibleDuplicates.length === 1) form.setFieldValue('into', r.possibleDuplicates[0]!.id);
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
  if (actions.length === 0 && ops.length === 0) return <Typography.Text type="secondary">{t('console.actions.none')}</Typography.Text>;

  const open = (a: string) => {
    form.resetFields();
    setFiles([]);
    setError(null);
    setSuggestion(null);
    setDepartments(null);
    setDuplicates(null);
    setSeenVersion(c.version);
    setAction(a);
  };

  /** Merge and the dispute ladder have their own endpoints (POST /api/cases/:id/merge, …/escalate-dispute[/decision]). */
  const submitOp = (op: Op, v: { reason?: string; into?: string; decision?: 'approve' | 'deny' }) => {
    if (op === 'merge') return api<CaseResponse>(`/api/cases/${c.id}/merge`, { method: 'POST', body: { into: v.into, expectedVersion: seenVersion } });
    if (op === 'escalate_dispute') return api<CaseResponse>(`/api/cases/${c.id}/escalate-dispute`, { method: 'POST', body: { reason: v.reason ?? '' } });
    return api<CaseResponse>(`/api/cases/${c.id}/escalate-dispute/decision`, { method: 'POST', body: { decision: v.decision, ...(v.reason ? { reason: v.reason } : {}) } });
  };

  const submit = async () => {
    if (!action) return;
    const v = await form.validateFields();
    await run(async () => {
      if ((OPS as readonly string[]).includes(action)) {
        const r = await submitOp(action as Op, v);
        message.success(t('console.actions.done', { action: t(OP_LABEL[action as Op]) }));
        setAction(null);
        onDone(r.case);
        return;
      }
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
    });
  };

  /** The suggested department first, marked; then every other department serving the grid. */
  const departmentOptions = () => {
    const suggestedId = suggestion?.department?.id ?? null;
    const label = (d: DepartmentView) => (en && d.nameEn ? d.nameEn : d.name);
    const list = departments ?? [];
    const suggested = list.find((d) => d.id === suggestedId) ?? (suggestion?.department ? { id: suggestion.department.id, name: suggestion.department.nameZh, nameEn: null } as DepartmentView : null);
    const others = list.filter((d) => d.id !== suggestedId).map((d) => ({ value: d.id, label: label(d) }));
    return [
      ...(suggested ? [{ value: suggested.id, label: `${label(suggested)} · ${t('console.actions.suggestedTag')}` }] : []),
      ...(others.length ? [{ label: t('console.actions.otherDepartments'), options: others }] : []),
    ];
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
        {ops.map((o) => (
          <Button key={o} type={o === 'decide_dispute_escalation' ? 'primary' : 'default'} onClick={() => open(o)}>
            {t(OP_LABEL[o])}
          </Button>
        ))}
      </Space>
      <Modal
        open={action !== null}
        title={action ? `${(OPS as readonly string[]).includes(action) ? t(OP_LABEL[action as Op]) : t(`console.action.${action}`, { defaultValue: action })} · ${c.caseNo}` : ''}
        okText={t('console.actions.confirm')}
        cancelText={t('common.cancel')}
        onOk={() => void submit()}
        okButtonProps={{ loading: busy, disabled: uploading || (action === 'merge' && duplicates !== null && duplicates.length === 0) }}
        onCancel={() => setAction(null)}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" requiredMark>
          {action === 'dispatch' && (
            <Form.Item name="departmentId" label={t('console.actions.department')} rules={[{ required: true, message: t('console.actions.departmentRequired') }]}
              extra={suggestion && (suggestion.department ? `${t('console.actions.suggested', { name: suggestion.department.nameZh })}。${t('console.actions.departmentHint')}` : t('console.actions.noSuggestion'))}>
              <Select
                aria-label={t('console.actions.department')}
                showSearch
                optionFilterProp="label"
                loading={!departments && !error}
                options={departmentOptions()}
              />
            </Form.Item>
          )}
          {action === 'merge' && (
            <>
              <Typography.Paragraph type="secondary">{t('console.actions.mergeHint')}</Typography.Paragraph>
              {duplicates && duplicates.length === 0 ? (
                <Alert type="info" showIcon title={t('console.actions.mergeNone')} style={{ marginBottom: 12 }} />
              ) : (
                <Form.Item name="into" label={t('console.actions.mergeInto')} rules={[{ required: true, message: t('console.actions.mergeIntoRequired') }]}>
                  <Radio.Group aria-label={t('console.actions.mergeInto')} style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
                    {(duplicates ?? []).map((d) => (
                      <Radio key={d.id} value={d.id}>
                        {t('console.actions.mergeDistance', { caseNo: d.caseNo, m: d.distanceM, description: d.description.slice(0, 40) })}
                      </Radio>
                    ))}
                  </Radio.Group>
                </Form.Item>
              )}
            </>
          )}
          {action === 'escalate_dispute' && (
            <>
              <Typography.Paragraph type="secondary">
                {t('console.actions.escalateHint', { from: t(`levels.${level}`), to: t(`levels.${LEVEL_UP[level] ?? 'county'}`) })}
              </Typography.Paragraph>
              <Form.Item name="reason" label={t('console.actions.reason')} rules={[{ required: true, whitespace: true, message: t('console.actions.reasonRequired') }]}>
                <Input.TextArea rows={3} maxLength={1000} showCount aria-label={t('console.actions.reason')} />
              </Form.Item>
            </>
          )}
          {action === 'decide_dispute_escalation' && (
            <>
              {escalationRequest && (
                <Alert
                  type="info"
                  showIcon
                  style={{ marginBottom: 12 }}
                  title={t('console.actions.escalationRequest', {
                    name: escalationRequest.requestedByName,
                    from: t(`levels.${escalationRequest.from}`),
                    to: t(`levels.${escalationRequest.to}`),
                    reason: escalationRequest.reason,
                  })}
                />
              )}
              <Form.Item name="decision" label={t('console.actions.decision')} initialValue="approve" rules={[{ required: true }]}>
                <Radio.Group aria-label={t('console.actions.decision')}>
                  <Radio value="approve">{t('console.actions.approve')}</Radio>
                  <Radio value="deny">{t('console.actions.deny')}</Radio>
                </Radio.Group>
              </Form.Item>
              <Form.Item name="reason" label={t('console.actions.reason')} rules={decision === 'deny' ? [{ required: true, whitespace: true, message: t('console.actions.denyReasonRequired') }] : []}>
                <Input.TextArea rows={3} maxLength={1000} aria-label={t('console.actions.reason')} />
              </Form.Item>
            </>
          )}
          {action === 'request_extension' && (
            <Form.Item name="extendBy" label={t('console.actions.extendBy')} initialValue="2wd" rules={[{ required: true }]}>
              <Select aria-label={t('console.actions.extendBy')} options={EXTEND_OPTIONS.map((o) => ({ value: o, label: t(`console.extend.${o}`) }))} />
            </Form.Item>
          )}
          {action && !(OPS as readonly string[]).includes(action) && REASON_ACTIONS.has(action) && (
            <Form.Item name="reason" label={t('console.actions.reason')} rules={[{ required: true, whitespace: true, message: t('console.actions.reasonRequired') }]}>
              <Input.TextArea rows={3} maxLength={1000} showCount aria-label={t('console.actions.reason')} />
            </Form.Item>
          )}
          {action && !(OPS as readonly string[]).includes(action) && !REASON_ACTIONS.has(action) && (
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
