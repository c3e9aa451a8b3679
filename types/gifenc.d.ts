/** The part of gifenc (https://github.com/mattdesl/gifenc, MIT) this site uses; the package ships no types. */
declare module 'gifenc' {
  export type Palette = number[][];
  export interface WriteFrameOptions {
    /** Required on the first frame (it becomes the global colour table); leave it out afterwards. */
    palette?: Palette;
    /** Milliseconds; stored as whole centiseconds. */
    delay?: number;
    /** -1 once, 0 forever, n > 0 that many times. */
    repeat?: number;
    transparent?: boolean;
    transparentIndex?: number;
    colorDepth?: number;
    dispose?: number;
  }
  export interface Encoder {
    writeFrame(index: Uint8Array, width: number, height: number, options?: WriteFrameOptions): void;
    finish(): void;
    bytes(): Uint8Array;
    bytesView(): Uint8Array;
    reset(): void;
  }
  export function GIFEncoder(options?: { initialCapacity?: number; auto?: boolean }): Encoder;
}
