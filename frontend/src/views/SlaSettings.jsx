// The SLA configuration (admins): time zone, business hours per weekday,
// holidays and the targets per priority. Saving replaces it whole (PUT /api/sla).
import { useId, useState } from 'react';
import { api } from '../api.js';
import { TextField } from '../components/Field.jsx';
import { FormError } from '../components/FormStatus.jsx';
import { PageHeader } from '../components/PageHeader.jsx';
import { BusinessHoursDay, HolidaysField, TargetsTable } from '../components/SlaFields.jsx';
import { Alert, ErrorState, Loading, Spinner } from '../components/States.jsx';
import { useApi } from '../components/useApi.js';
import { useDocumentTitle } from '../components/useDocumentTitle.js';
import { useForm } from '../components/useForm.js';
import {
  TARGET_KINDS, TARGET_PRIORITIES, WEEKDAYS, checkSla, hoursKey, targetKey, timezoneChoices, toConfig, toForm,
} from '../components/slaForm.js';
import { sentence } from '../format.js';

function Section({ title, description, children }) {
  const id = useId();
  return (
    <section className="card card--padded sla-section" aria-labelledby={id}>
      <h2 id={id} className="section-title">{title}</h2>
      {description && <p className="muted section-text">{description}</p>}
      {children}
    </section>
  );
}

function SlaForm({ config }) {
  const zonesId = useId();
  const [initial] = useState(() => toForm(config));
  const [savedValues, setSavedValues] = useState(null);
  const form = useForm(initial, {
    validate: checkSla,
    onSubmit: async (values) => {
      const next = toForm(await api.updateSla(toConfig(values)));
      form.setValues(next);
      setSavedValues(next);
    },
  });
  const noTargets = TARGET_PRIORITIES.every(({ priority }) => TARGET_KINDS.every(
    ({ kind }) => !String(form.values[targetKey(priority, kind)]).trim(),
  ));
  const weekError = form.bind('business_hours').error;

  return (
    <form className="form" onSubmit={form.submit} noValidate>
      <FormError error={form.error} />
      <Section
        title="Business hours"
        description="SLA clocks run only in these hours, in this time zone. A day without hours is a day off; 24:00 ends a day at midnight."
      >
        <TextField
          label="Time zone"
          list={zonesId}
          autoComplete="off"
          spellCheck={false}
          hint="An IANA zone, e.g. Europe/Berlin."
          className="field--short"
          {...form.bind('timezone')}
        />
        <datalist id={zonesId}>
          {timezoneChoices().map((zone) => <option key={zone} value={zone} />)}
        </datalist>
        {weekError && <Alert>{sentence(weekError)}</Alert>}
        <div className="hours">
          {WEEKDAYS.map(({ day, label }) => {
            const field = form.bind(hoursKey(day));
            return (
              <BusinessHoursDay
                key={day}
                label={label}
                intervals={field.value}
                error={field.error}
                onChange={(intervals) => form.change(hoursKey(day), intervals)}
              />
            );
          })}
        </div>
      </Section>
      <Section title="Holidays" description="Days on which the SLA clocks stand still.">
        <HolidaysField
          holidays={form.values.holidays}
          error={form.bind('holidays').error}
          onChange={(holidays) => form.change('holidays', holidays)}
        />
      </Section>
      <Section
        title="Targets"
        description="Minutes of business time until the first public reply and until the ticket is closed. Leave blank for no target."
      >
        {noTargets && <Alert tone="warning">No priority has a target, so no ticket will get a due time.</Alert>}
        <TargetsTable bind={form.bind} />
      </Section>
      {savedValues && form.values === savedValues && (
        <Alert tone="success">SLA configuration saved. Tickets follow it from their next change.</Alert>
      )}
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={form.busy}>
          {form.busy && <Spinner />} Save configuration
        </button>
      </div>
    </form>
  );
}

export function SlaSettings() {
  useDocumentTitle('SLA settings');
  const config = useApi((signal) => api.getSla({ signal }), []);

  let content;
  if (config.error) {
    content = <ErrorState title="The SLA configuration could not be loaded" error={config.error} onRetry={config.reload} />;
  } else if (!config.data) {
    content = <Loading label="Loading the SLA configuration…" />;
  } else {
    content = <SlaForm config={config.data} />;
  }

  return (
    <div className="page page--narrow">
      <PageHeader title="SLA" subtitle="Business hours, holidays and response targets per priority." />
      {content}
    </div>
  );
}
