/** The Harvest account, email and password fields, as Settings and the Clients tab's inline login both ask for them. */
import type { JSX } from "preact";
import { MAX_LINE_LENGTH } from "../../shared/contract";
import { Field } from "./field";

export interface HarvestLoginValues {
  readonly subdomain: string;
  readonly email: string;
  readonly password: string;
}

/**
 * The subdomain in what was typed or pasted: `fawlty`, `fawlty.harvestapp.com` and
 * `https://fawlty.harvestapp.com/…` all mean `fawlty`. Anything else is left as typed (and refused
 * with a clear message by main's check).
 */
export function harvestSubdomain(text: string): string {
  const typed = text.trim().toLowerCase();
  const match = /^(?:https?:\/\/)?([a-z0-9-]+)\.harvestapp\.com(?:[/?#].*)?$/.exec(typed);
  return match?.[1] ?? typed;
}

/** What `linkHarvest`/`updateHarvest` take: the subdomain as Harvest spells it, the email trimmed. */
export function harvestLoginInput(values: HarvestLoginValues): HarvestLoginValues {
  return { subdomain: harvestSubdomain(values.subdomain), email: values.email.trim(), password: values.password };
}

export function isHarvestLoginComplete(values: HarvestLoginValues): boolean {
  return values.subdomain.trim() !== "" && values.email.trim() !== "" && values.password !== "";
}

export function HarvestLoginFields({
  idPrefix,
  values,
  onChange,
  subdomainHint,
}: {
  readonly idPrefix: string;
  readonly values: HarvestLoginValues;
  readonly onChange: (values: HarvestLoginValues) => void;
  readonly subdomainHint: string;
}): JSX.Element {
  const set = (field: keyof HarvestLoginValues) => (event: JSX.TargetedEvent<HTMLInputElement>) =>
    onChange({ ...values, [field]: event.currentTarget.value });
  return (
    <>
      <Field id={`${idPrefix}-subdomain`} label="Harvest account" hint={subdomainHint}>
        <input
          id={`${idPrefix}-subdomain`}
          class="input"
          required
          autoComplete="off"
          spellcheck={false}
          maxLength={MAX_LINE_LENGTH}
          value={values.subdomain}
          aria-describedby={`${idPrefix}-subdomain-hint`}
          onInput={set("subdomain")}
        />
      </Field>
      <Field id={`${idPrefix}-email`} label="Harvest email">
        <input
          id={`${idPrefix}-email`}
          class="input"
          type="email"
          required
          autoComplete="off"
          maxLength={MAX_LINE_LENGTH}
          value={values.email}
          onInput={set("email")}
        />
      </Field>
      <Field id={`${idPrefix}-password`} label="Harvest password">
        <input
          id={`${idPrefix}-password`}
          class="input"
          type="password"
          required
          autoComplete="off"
          maxLength={MAX_LINE_LENGTH}
          value={values.password}
          onInput={set("password")}
        />
      </Field>
    </>
  );
}
