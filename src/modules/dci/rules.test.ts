import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkSignature,
  DciError,
  idTypeOf,
  type PersonRow,
  pageOf,
  parseExpression,
  parsePredicate,
  type QueryRejected,
  senderUriAllowed,
  toPerson,
} from './rules.ts';

const person: PersonRow = {
  id: 1,
  nik: '3273056010900001',
  kpj: '00010000001',
  full_name: 'Siti Rahayu Putri',
  sex: 'F',
  birth_date: '1990-10-20',
  village_code: '32.73.05.1001',
  regency_code: '32.73',
  province_code: '32',
  province_name: 'Jawa Barat',
  regency_name: 'Kota Bandung',
  segment: 'PU',
  programs: ['JKK', 'JKM', 'JHT'],
  status: 'active',
  registered_on: '2026-01-05',
  active: true,
  employer_npp: '10000001',
  employer_name: 'PT Uji',
  employment_started_on: '2026-01-05',
};
const grant = { id: 1, name: 'uji', regionCodes: [] };
const all = ['identifiers', 'name', 'sex', 'birth_date', 'address', 'employment', 'coverage'];

describe('DCI Person mapping', () => {
  test('maps every field group onto the Person shape', () => {
    const r = toPerson(person, { ...grant, fields: all, masked: [] });
    assert.deepEqual(r.identifier, { identifier_type: 'NIK', identifier_value: '3273056010900001' });
    assert.deepEqual(r.identifiers, [
      { identifier_type: 'NIK', identifier_value: '3273056010900001' },
      { identifier_type: 'KPJ', identifier_value: '00010000001' },
    ]);
    assert.equal(r.sex, 'female');
    assert.equal(r.birth_date, '1990-10-20');
    assert.deepEqual(r.coverage, {
      enrolled: true,
      enrolled_on: '2026-01-05',
      registration_status: 'active',
      active: true,
      segment: 'PU',
      programs: ['JKK', 'JKM', 'JHT'],
    });
    assert.deepEqual(r.employment, {
      status: 'employed',
      employer_id: '10000001',
      employer_name: 'PT Uji',
      start_date: '2026-01-05',
    });
    assert.equal((r.address as { admin_area_2_code: string }).admin_area_2_code, '32.73');
  });

  test('keeps only the granted groups and masks what the scope says', () => {
    const r = toPerson(person, {
      ...grant,
      fields: ['identifiers', 'name', 'birth_date'],
      masked: ['nik', 'name', 'birth_date'],
    });
    assert.deepEqual(Object.keys(r).sort(), ['@type', 'birth_date', 'identifier', 'identifiers', 'name']);
    assert.equal((r.identifier as { identifier_value: string }).identifier_value, '3273********0001');
    assert.deepEqual(r.name, { full_name: 'S. R. P.' });
    assert.equal(r.birth_date, '1990');
    const none = toPerson(
      { ...person, employer_npp: null },
      {
        ...grant,
        fields: ['employment'],
        masked: [],
      },
    );
    assert.deepEqual(none.employment, { status: 'not_employed' });
  });
});

describe('DCI queries', () => {
  const scope = { fields: all };
  test('identifier types: NIK, KPJ, UIN (= NIK), namespaced; others unknown', () => {
    assert.equal(idTypeOf('UIN'), 'NIK');
    assert.equal(idTypeOf('nik'), 'NIK');
    assert.equal(idTypeOf('ns:org:IdType:KPJ'), 'KPJ');
    assert.equal(idTypeOf('MOBILE'), null);
  });

  test('expression: $and/$or with comparison operators', () => {
    const f = parseExpression(
      {
        $and: [{ age: { $lt: 25 } }, { $or: [{ segment: 'BPU' }, { province_code: { $in: ['32', '19'] } }] }],
      },
      scope,
    );
    assert.deepEqual(f, {
      all: [
        { attribute: 'age', op: 'lt', value: 25 },
        {
          any: [
            { attribute: 'segment', op: 'eq', value: 'BPU' },
            { attribute: 'province_code', op: 'in', value: ['32', '19'] },
          ],
        },
      ],
    });
  });

  test('predicate: items and-ed, each with its condition', () => {
    const f = parsePredicate(
      [
        { seq_num: 2, expression1: { attribute_name: 'sex', operator: 'eq', attribute_value: 'female' } },
        {
          seq_num: 1,
          expression1: { attribute_name: 'age', operator: 'ge', attribute_value: '18' },
          condition: 'or',
          expression2: { attribute_name: 'active', operator: 'eq', attribute_value: 'true' },
        },
      ],
      scope,
    );
    assert.deepEqual(f, {
      all: [
        {
          any: [
            { attribute: 'age', op: 'ge', value: 18 },
            { attribute: 'active', op: 'eq', value: true },
          ],
        },
        { attribute: 'sex', op: 'eq', value: 'F' },
      ],
    });
  });

  test('unknown attributes, attributes outside the scope and bad pagination are rejected with a reason code', () => {
    assert.throws(
      () => parseExpression({ poverty_score: { $lt: 5 } }, scope),
      (e: QueryRejected) => e.reasonCode === 'rjct.search_criteria.invalid',
    );
    assert.throws(
      () => parseExpression({ age: { $lt: 5 } }, { fields: ['identifiers'] }),
      /outside this client's scope/,
    );
    assert.throws(() => parseExpression({ birth_date: 'yesterday' }, scope), /YYYY-MM-DD/);
    assert.throws(
      () => pageOf({ page_size: 0 }),
      (e: QueryRejected) => e.reasonCode === 'rjct.pagination.invalid',
    );
    assert.deepEqual(pageOf({ page_size: 10, page_number: 3 }), { size: 10, number: 3 });
    assert.deepEqual(pageOf(undefined), { size: 100, number: 1 });
  });

  test('signature: absent or declared unsigned passes; anything unverifiable is refused', () => {
    checkSignature(undefined);
    checkSignature('unsigned');
    checkSignature('unsigned-stub');
    assert.throws(
      () => checkSignature('invalid-signature'),
      (e: DciError) => e.code === 'err.signature.invalid',
    );
    assert.throws(() => checkSignature('Signature: namespace="spdci", signature="abc"'), DciError);
  });

  test('sender_uri must be http(s) under a registered prefix', () => {
    assert.equal(senderUriAllowed('http://127.0.0.1:4000/registry/on-search', ['http://127.0.0.1:']), true);
    assert.equal(senderUriAllowed('http://10.0.0.1/registry/on-search', ['http://127.0.0.1:']), false);
    assert.equal(senderUriAllowed('file:///etc/passwd', ['file:']), false);
  });
});
