import { Card, Empty, Typography } from 'antd';

/** A page that is planned but not built yet: says plainly what will come. */
export function Placeholder({ title, text }: { title: string; text: string }) {
  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 20, marginTop: 0 }}>
        {title}
      </Typography.Title>
      <Empty description={text} />
    </Card>
  );
}
