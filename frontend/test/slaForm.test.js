// The SLA form: from the server's configuration to form values and back, and
// the checks made before sending.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkSla, describeMinutes, hoursKey, targetKey, toConfig, toForm } from '../src/components/slaForm.js';

const day = [['09:00', '17:00']];
const config = {
  timezone: 'Europe/Berlin',
  business_hours: { mon: day, tue: day, wed: day, thu: day, fri: [['09:00', '12:00'], ['13:00', '17:00']], sat: [], sun: [] },
  holidays: ['2024-12-25'],
  targets: {
    urgent: { first_response_minutes: 60, resolution_minutes: 480 },
    high: { first_response_minutes: 240, resolution_minutes: null },
    normal: { first_response_minutes: null, resolution_minutes: null },
    low: { first_response_minutes: 1440, resolution_minutes: 5760 },
  },
};

describe('SLA form values', () => {
  test('are named like the server field errors', () => {
    const values = toForm(config);
    assert.equal(values.timezone, 'Europe/Berlin');
    assert.deepEqual(values[hoursKey('fri')].map(({ from, to }) => [from, to]), [['09:00', '12:00'], ['13:00', '17:00']]);
    assert.equal(values[targetKey('high', 'first_response_minutes')], '240');
    assert.equal(values[targetKey('high', 'resolution_minutes')], '');
    assert.ok('targets.urgent.resolution_minutes' in values);
    assert.ok('business_hours.sun' in values);
  });

  test('turn back into the same configuration; blank targets are null', () => {
    assert.deepEqual(toConfig(toForm(config)), config);
  });

  test('rows have keys of their own, and blank holidays are left out', () => {
    const values = toForm(config);
    const keys = values[hoursKey('fri')].map((row) => row.key);
    assert.equal(new Set(keys).size, 2);
    values.holidays = [...values.holidays, { key: 'x', date: '' }];
    values.timezone = '  UTC ';
    assert.deepEqual(toConfig(values).holidays, ['2024-12-25']);
    assert.equal(toConfig(values).timezone, 'UTC');
  });
});

describe('checkSla', () => {
  test('a well-formed configuration passes; ordering and overlaps are the server’s to judge', () => {
    const values = toForm(config);
    assert.deepEqual(checkSla(values), {});
    values[hoursKey('mon')] = [{ key: 1, from: '17:00', to: '09:00' }, { key: 2, from: '00:00', to: '24:00' }];
    assert.deepEqual(checkSla(values), {});
  });

  test('reports malformed times, minutes and a blank zone against their fields', () => {
    const values = toForm(config);
    values.timezone = ' ';
    values[hoursKey('tue')] = [{ key: 1, from: '9:00', to: '17:00' }];
    values[targetKey('low', 'resolution_minutes')] = '1.5';
    values[targetKey('urgent', 'first_response_minutes')] = '0';
    assert.deepEqual(Object.keys(checkSla(values)).sort(), [
      'business_hours.tue', 'targets.low.resolution_minutes', 'targets.urgent.first_response_minutes', 'timezone',
    ]);
  });
});

test('describeMinutes puts a target in hours', () => {
  assert.equal(describeMinutes('90'), '1 h 30 min of business time');
  assert.equal(describeMinutes('480'), '8 h of business time');
  assert.equal(describeMinutes('45'), '45 min of business time');
  assert.equal(describeMinutes(''), 'No target');
  assert.equal(describeMinutes('abc'), '');
});
