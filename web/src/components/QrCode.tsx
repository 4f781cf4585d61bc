import { useMemo } from 'react';
import qrcode from 'qrcode-generator';

/** The QR code of a text as an SVG of dark modules (error correction M: a scuffed sticker still scans). */
export function QrCode({ text, size, label }: { text: string; size: number; label: string }) {
  const { cells, count } = useMemo(() => {
    const qr = qrcode(0, 'M');
    qr.addData(text, 'Byte');
    qr.make();
    const n = qr.getModuleCount();
    let d = '';
    for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c + 4},${r + 4}h1v1h-1z`;
    return { cells: d, count: n };
  }, [text]);
  // A quiet zone of 4 modules on every side, as the QR standard asks.
  const side = count + 8;
  return (
    <svg className="qr-code" role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${side} ${side}`} shapeRendering="crispEdges" data-modules={count}>
      <rect width={side} height={side} fill="#fff" />
      <path d={cells} fill="#000" />
    </svg>
  );
}
