'use client';

import { useEffect, useRef } from 'react';

import { allStrokes, type Drawing, type Point } from '@/lib/draw/drawing';
import type { DrawSession } from '@/lib/draw/session';

/**
 * The drawing surface: a square canvas that turns mouse, pen and touch (pointer events) into the session's strokes,
 * in the canvas's own unit square, and paints the drawing as it grows. One pointer draws at a time; a second finger
 * or a cancelled pointer (the browser took the gesture) drops the stroke under way. `touch-action: none` keeps the
 * page from scrolling under a finger that draws.
 */
export function DrawSurface({ session, drawing }: { session: DrawSession | null; drawing: Drawing | null }) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const pointer = useRef<number | null>(null);

  // Paint every stroke whenever the drawing or the canvas's size changes (a few hundred segments: cheap).
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const paint = () => {
      const side = Math.round(canvas.clientWidth * window.devicePixelRatio);
      if (canvas.width !== side) canvas.width = canvas.height = side;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.clearRect(0, 0, side, side);
      ctx.lineCap = ctx.lineJoin = 'round';
      ctx.lineWidth = Math.max(2, side / 36);
      ctx.strokeStyle = ctx.fillStyle = getComputedStyle(canvas).color;
      for (const stroke of drawing ? allStrokes(drawing) : []) {
        ctx.beginPath();
        ctx.moveTo(stroke[0]!.x * side, stroke[0]!.y * side);
        if (stroke.length === 1) ctx.lineTo(stroke[0]!.x * side + 0.01, stroke[0]!.y * side);
        for (const p of stroke.slice(1)) ctx.lineTo(p.x * side, p.y * side);
        ctx.stroke();
      }
    };
    paint();
    const observer = new ResizeObserver(paint);
    observer.observe(canvas);
    return () => observer.disconnect();
  }, [drawing]);

  const at = (e: { clientX: number; clientY: number }): Point => {
    const box = canvasRef.current!.getBoundingClientRect();
    return { x: (e.clientX - box.left) / box.width, y: (e.clientY - box.top) / box.height };
  };

  return (
    <canvas
      ref={canvasRef}
      role="img"
      aria-label="Drawing surface: draw a symbol here with a mouse, pen or finger"
      data-testid="draw-surface"
      className="aspect-square w-full cursor-crosshair touch-none rounded-lg border border-line bg-paper text-ink select-none"
      onPointerDown={(e) => {
        if (!session || (e.pointerType === 'mouse' && e.button !== 0)) return;
        if (pointer.current !== null) {
          // A second finger: this is a gesture, not a stroke.
          pointer.current = null;
          session.cancel();
          return;
        }
        pointer.current = e.pointerId;
        try {
          e.currentTarget.setPointerCapture(e.pointerId);
        } catch {
          // A pointer the browser no longer tracks (released already, or a synthetic event) cannot be captured; the
          // stroke goes on without capture, ending when that pointer lifts over the surface.
        }
        session.begin(at(e));
      }}
      onPointerMove={(e) => {
        if (!session || e.pointerId !== pointer.current) return;
        const events = e.nativeEvent.getCoalescedEvents?.() ?? [];
        for (const c of events.length ? events : [e.nativeEvent]) session.extend(at(c));
      }}
      onPointerUp={(e) => {
        if (e.pointerId !== pointer.current) return;
        pointer.current = null;
        session?.end();
      }}
      onPointerCancel={(e) => {
        if (e.pointerId !== pointer.current) return;
        pointer.current = null;
        session?.cancel();
      }}
    />
  );
}
