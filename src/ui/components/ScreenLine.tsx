// One screen line. Memoised on its text and styles, so an unchanged line costs nothing.
import { memo } from 'react';
import { Text } from 'ink';
import type { Segment } from '../lines.js';

function sameSegments(a: { segments: Segment[] }, b: { segments: Segment[] }): boolean {
  if (a.segments.length !== b.segments.length) return false;
  for (let i = 0; i < a.segments.length; i++) {
    const x = a.segments[i];
    const y = b.segments[i];
    if (x.text !== y.text || x.color !== y.color || x.bold !== y.bold || x.dim !== y.dim || x.inverse !== y.inverse) return false;
  }
  return true;
}

export const ScreenLine = memo(function ScreenLine({ segments }: { segments: Segment[] }) {
  return (
    <Text wrap="truncate">
      {segments.map((s, i) => (
        <Text key={i} color={s.color} bold={s.bold} dimColor={s.dim} inverse={s.inverse}>
          {s.text}
        </Text>
      ))}
    </Text>
  );
}, sameSegments);
