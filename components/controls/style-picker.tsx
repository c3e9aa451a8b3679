'use client';

import { useId } from 'react';

import type { ModelEntry } from '@/lib/model/model-folder';

/**
 * The kind of symbol to draw, for a conditional model: "any" (the seed picks its own style, as a plain link does)
 * or one of the model's styles (?k=). A labelled native <select>, so keyboards and screen readers get a familiar
 * control for free. `value` null is "any".
 */
export function StylePicker(props: {
  styles: NonNullable<ModelEntry['styles']>;
  value: string | null;
  onChange: (style: string | null) => void;
  label?: string;
  /** What "any" means here (the seed's own style on a symbol, each seed's own in the gallery). */
  anyLabel?: string;
  className?: string;
}) {
  const { styles, value, onChange, label = 'Style', anyLabel = 'Any (the seed decides)', className = '' } = props;
  const id = useId();
  return (
    <div className={`flex min-w-0 flex-col gap-1 ${className}`}>
      <label htmlFor={id} className="text-sm">
        {label}
      </label>
      <select
        id={id}
        className="field"
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || null)}
        data-testid="style-picker"
      >
        <option value="">{anyLabel}</option>
        {styles.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </select>
    </div>
  );
}
