import { Descriptions } from 'antd';
import { useTranslation } from 'react-i18next';
import type { NodeView } from '../../../shared/territory/wire.ts';
import { usePick } from '../i18n/usePick.ts';

/** 名称、级别、上级、户数、人口、概况 of one territory node. */
export function NodeDetails({ node }: { node: NodeView }) {
  const { t, i18n } = useTranslation();
  const pick = usePick();
  const num = (n: number | null) => (n === null ? t('common.unknown') : n.toLocaleString(i18n.language));
  return (
    <Descriptions
      column={1}
      size="small"
      bordered
      items={[
        { key: 'name', label: t('territory.name'), children: pick({ zh: node.name, en: node.nameEn }) },
        { key: 'code', label: t('territory.code'), children: node.code },
        { key: 'level', label: t('territory.level'), children: t(`levels.${node.level}`) },
        { key: 'parent', label: t('territory.parent'), children: node.parent?.name ?? '—' },
        { key: 'households', label: t('territory.households'), children: num(node.profile.households) },
        { key: 'residents', label: t('territory.residents'), children: num(node.profile.residents) },
        { key: 'description', label: t('territory.description'), children: node.profile.description || t('common.none') },
      ]}
    />
  );
}
