// Ticking rows of the ticket list for a bulk change: single clicks, shift-click
// ranges, the "select all on this page" box, and rows that leave the list.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { clickRow, emptySelection, keepVisible, pageState, toggleAll } from '../src/ticketSelection.js';

const rows = [10, 11, 12, 13, 14];
const tick = (selection, id, shift = false) => clickRow(selection, rows, id, { checked: true, shift });
const untick = (selection, id, shift = false) => clickRow(selection, rows, id, { checked: false, shift });

describe('clickRow', () => {
  test('a click ticks one row and makes it the anchor', () => {
    const selection = tick(emptySelection, 12);
    assert.deepEqual(selection, { ids: [12], anchor: 12 });
    assert.deepEqual(untick(selection, 12), { ids: [], anchor: 12 });
  });

  test('a shift-click ticks every row from the anchor to it, in either direction', () => {
    assert.deepEqual(tick(tick(emptySelection, 11), 13, true).ids, [11, 12, 13]);
    assert.deepEqual(tick(tick(emptySelection, 14), 11, true).ids, [11, 12, 13, 14]);
  });

  test('a shift-click that unticks clears the whole range, keeping rows outside it', () => {
    const all = toggleAll(emptySelection, rows);
    const anchored = untick(all, 11);
    assert.deepEqual(untick(anchored, 13, true).ids, [10, 14]);
  });

  test('ranges add to what is ticked, and the ids stay in the list order', () => {
    const first = tick(emptySelection, 14);
    const second = tick(tick(first, 10), 11, true);
    assert.deepEqual(second.ids, [10, 11, 14]);
  });

  test('shift without an anchor (or with one that left the list) ticks only the row', () => {
    assert.deepEqual(tick(emptySelection, 12, true).ids, [12]);
    assert.deepEqual(tick({ ids: [], anchor: 99 }, 12, true).ids, [12]);
  });

  test('a row that is not in the list changes nothing', () => {
    const selection = tick(emptySelection, 10);
    assert.equal(tick(selection, 99), selection);
  });
});

describe('the select-all box', () => {
  test('says none, some or all of the page is ticked', () => {
    assert.equal(pageState(emptySelection, rows), 'none');
    assert.equal(pageState(tick(emptySelection, 10), rows), 'some');
    assert.equal(pageState(toggleAll(emptySelection, rows), rows), 'all');
    assert.equal(pageState(emptySelection, []), 'none');
  });

  test('ticks every row when none or some are ticked, and none when all are', () => {
    assert.deepEqual(toggleAll(tick(emptySelection, 12), rows).ids, rows);
    assert.deepEqual(toggleAll(toggleAll(emptySelection, rows), rows), emptySelection);
  });

  test('counts only rows still shown', () => {
    assert.equal(pageState({ ids: [10, 99], anchor: null }, rows), 'some');
    assert.equal(pageState({ ids: [99], anchor: null }, rows), 'none');
  });
});

describe('keepVisible', () => {
  test('drops rows that left the list, and an anchor among them', () => {
    const selection = { ids: [10, 12, 14], anchor: 14 };
    assert.deepEqual(keepVisible(selection, [10, 11, 12]), { ids: [10, 12], anchor: null });
    assert.deepEqual(keepVisible({ ids: [10, 14], anchor: 10 }, [10, 11]), { ids: [10], anchor: 10 });
  });

  test('gives back the same selection when every ticked row is still there', () => {
    const selection = { ids: [10, 12], anchor: 12 };
    assert.equal(keepVisible(selection, rows), selection);
  });
});
