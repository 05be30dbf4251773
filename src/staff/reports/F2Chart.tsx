/**
 * A chart drawn by AntV F2 (@antv/f2 5, pinned) on a Taro `<Canvas type="2d">` — the same
 * code in the weapp (the canvas node from a selector query) and in the H5 build (the
 * `<canvas>` element Taro renders). Every chart on the reports page has its numbers in a
 * table beside it, so where no 2d context can be had (an old base library, the test
 * simulator, which has no canvas) the chart steps aside with a note and the table remains.
 */
import { useEffect, useState } from 'react';
import Taro from '@tarojs/taro';
import { Canvas as TaroCanvas, Text, View } from '@tarojs/components';
import { Axis, Canvas, Chart, createElement, Interval, Line } from '@antv/f2';

// F2's element typings are for its own JSX; built by hand here, so loosely typed
type Element = { props: Record<string, unknown> };
const h = createElement as unknown as (
  type: unknown,
  props: Record<string, unknown> | null,
  ...children: Element[]
) => Element;

export type ChartSpec = {
  kind: 'line' | 'bar';
  data: Record<string, string | number>[];
  x: string;
  y: string;
  /** a field to colour and group by (bars side by side) */
  color?: string;
};

type Ctx = { context: CanvasRenderingContext2D; width: number; height: number; dpr: number };

function h5Context(id: string, height: number): Ctx | null {
  const host = document.getElementById(id);
  const el = (host?.tagName === 'CANVAS' ? host : host?.querySelector('canvas')) as
    | HTMLCanvasElement
    | null
    | undefined;
  const context = el?.getContext?.('2d');
  if (!el || !context) return null;
  const dpr = window.devicePixelRatio || 1;
  const width = el.getBoundingClientRect().width || 320;
  el.width = width * dpr;
  el.height = height * dpr;
  return { context, width, height, dpr };
}

function weappContext(id: string, height: number): Promise<Ctx | null> {
  return new Promise((resolve) => {
    try {
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: { node?: Record<string, unknown>; width?: number }[] | undefined) => {
          const node = res?.[0]?.node as
            | { getContext?: (t: '2d') => CanvasRenderingContext2D; width: number; height: number }
            | undefined;
          const context = node?.getContext?.('2d');
          if (!node || !context) return resolve(null);
          const dpr = Taro.getSystemInfoSync().pixelRatio || 1;
          const width = res?.[0]?.width || 320;
          node.width = width * dpr;
          node.height = height * dpr;
          resolve({ context, width, height, dpr });
        });
    } catch {
      resolve(null);
    }
  });
}

/**
 * The canvas's 2d context once it is there: Taro's H5 `<Canvas>` is a web component that
 * renders its inner `<canvas>` a moment after mounting (later on a busy device), and a weapp
 * node can be missing from the first selector query; asked again for up to 3 s before the
 * chart steps aside.
 */
async function findContext(id: string, height: number, cancelled: () => boolean) {
  for (let attempt = 0; attempt < 60 && !cancelled(); attempt++) {
    const ctx =
      process.env.TARO_ENV === 'h5' ? h5Context(id, height) : await weappContext(id, height);
    if (ctx) return ctx;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return null;
}

async function draw(ctx: Ctx, spec: ChartSpec) {
  const geometry = h(spec.kind === 'line' ? Line : Interval, {
    x: spec.x,
    y: spec.y,
    color: spec.color,
    adjust: spec.kind === 'bar' && spec.color ? 'dodge' : undefined,
  });
  const { props } = h(
    Canvas,
    {
      context: ctx.context,
      pixelRatio: ctx.dpr,
      width: ctx.width,
      height: ctx.height,
      animate: false,
      // F2's sizes are for a 750-wide design; its default conversion reads the page's root
      // font size, which Taro's H5 build sets for its own rem units (labels came out 4 px)
      px2hd: (px: number) => px / 2,
    },
    h(
      Chart,
      { data: spec.data },
      h(Axis, { field: spec.x, tickCount: 5 }),
      h(Axis, { field: spec.y, tickCount: 4 }),
      geometry,
    ),
  );
  const canvas = new Canvas(props as unknown as ConstructorParameters<typeof Canvas>[0]);
  await canvas.render();
  return canvas;
}

export function F2Chart(props: { id: string; spec: ChartSpec; height?: number }) {
  const { id, spec } = props;
  const height = props.height ?? 200;
  const [state, setState] = useState<'drawing' | 'drawn' | 'unavailable'>('drawing');
  const key = JSON.stringify(spec);
  useEffect(() => {
    let cancelled = false;
    let chart: { destroy?: () => void } | null = null;
    const timer = setTimeout(async () => {
      try {
        const ctx = await findContext(id, height, () => cancelled);
        if (!ctx) throw new Error('no 2d context');
        if (cancelled) return;
        chart = await draw(ctx, spec);
        if (!cancelled) setState('drawn');
      } catch {
        if (!cancelled) setState('unavailable');
      }
    }, 0);
    return () => {
      cancelled = true;
      clearTimeout(timer);
      chart?.destroy?.();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- redrawn when the data changes
  }, [id, key, height]);
  return (
    <View className="f2-chart" data-testid={`chart-${id}`} data-state={state}>
      {state === 'unavailable' ? (
        <Text className="f2-chart__note muted">此环境不支持图表，数字见下表</Text>
      ) : (
        <TaroCanvas
          id={id}
          canvasId={id}
          type="2d"
          className="f2-chart__canvas"
          style={{ width: '100%', height: `${height}px` }}
        />
      )}
    </View>
  );
}
