// Field errors of a form: where they come from and when they go.
import assert from 'node:assert/strict';
import { beforeEach, describe, test } from 'node:test';
import { ApiError } from '../src/api.js';
import { requireFields, useForm } from '../src/components/useForm.js';
import { installBrowser } from './fakes.js';
import { renderHook } from './renderHook.js';

const submitEvent = { preventDefault() {} };
const typeInto = (form, name, value) => form.act(() => {
  form.result.current.bind(name).onChange({ target: { value } });
});
const errorOf = (form, name) => form.result.current.bind(name).error;

beforeEach(() => {
  installBrowser('/tickets/new');
});

describe('useForm', () => {
  test('a field left empty has an error until it is filled in', async () => {
    const sent = [];
    const form = await renderHook(() => useForm({ title: '', description: '' }, {
      validate: requireFields({ title: 'Give it a title.', description: 'Describe it.' }),
      onSubmit: async (values) => { sent.push(values); },
    }));

    await form.act(() => form.result.current.submit(submitEvent));
    assert.equal(errorOf(form, 'title'), 'Give it a title.');
    assert.equal(errorOf(form, 'description'), 'Describe it.');
    assert.deepEqual(sent, []);

    await typeInto(form, 'title', 'Printer jams');
    assert.equal(errorOf(form, 'title'), undefined);
    assert.equal(errorOf(form, 'description'), 'Describe it.', 'the other field keeps its error');
  });

  test("the server's field error goes when that field changes", async () => {
    const form = await renderHook(() => useForm({ email: 'nope', username: 'x' }, {
      onSubmit: async () => {
        throw new ApiError(422, 'Validation failed', { fields: { email: 'is not a valid email', username: 'is too short' } });
      },
    }));

    await form.act(() => form.result.current.submit(submitEvent));
    assert.equal(form.result.current.error.status, 422);
    assert.equal(errorOf(form, 'email'), 'is not a valid email');

    await typeInto(form, 'email', 'cara@example.com');
    assert.equal(errorOf(form, 'email'), undefined);
    assert.equal(errorOf(form, 'username'), 'is too short');
    assert.equal(form.result.current.values.email, 'cara@example.com');
  });

  test('submits the values and is busy meanwhile', async () => {
    let finish;
    const form = await renderHook(() => useForm({ text: 'Hello' }, {
      onSubmit: () => new Promise((resolve) => { finish = resolve; }),
    }));

    let submitted;
    await form.act(() => { submitted = form.result.current.submit(submitEvent); });
    assert.equal(form.result.current.busy, true);
    await form.act(async () => {
      finish();
      await submitted;
    });
    assert.equal(form.result.current.busy, false);
    assert.equal(form.result.current.error, null);
  });

  test('a second submit button hands its intent to onSubmit; a plain submit has none', async () => {
    const sent = [];
    const form = await renderHook(() => useForm({ text: 'Done' }, {
      onSubmit: async (values, intent) => { sent.push([values.text, intent]); },
    }));
    await form.act(() => form.result.current.submit(submitEvent, 'closed'));
    await form.act(() => form.result.current.submit(submitEvent));
    assert.deepEqual(sent, [['Done', 'closed'], ['Done', undefined]]);
  });
});
