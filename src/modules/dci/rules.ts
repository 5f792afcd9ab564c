/**
 * DCI Social Registry: pure rules (no database). What a client may do and see, how a Lindung
 * participant becomes a DCI Person record, the DCI error codes, and the signature policy.
 * See docs/dci.md and docs/decisions/0012-dci-registry-api.md.
 */
import { type Actor, canSeeNik, maskNik } from '../access/policy.ts';

export const OPERATIONS = ['search', 'subscribe', 'match'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** Field groups of a Person record; a client sees only the groups it was granted. */
export const FIELD_GROUPS = [
  'identifiers',
  'name',
  'sex',
  'birth_date',
  'address',
  'employment',
  'coverage',
] as const;
export type FieldGroup = (typeof FIELD_GROUPS)[number];

export const MASKABLE = ['nik', 'name', 'birth_date'] as const;
export type Maskable = (typeof MASKABLE)[number];

export const EVENT_TYPES = ['REGISTER', 'EXIT', 'UPDATE', 'DEATH'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** The identifier types a client may search by. UIN is the spec's generic unique ID: in Indonesia, the NIK. */
export const ID_TYPES = ['NIK', 'KPJ', 'UIN'] as const;

export interface ClientScope {
  id: number;
  name: string;
  operations: string[];
  fields: string[];
  masked: string[];
  regionCodes: string[];
  ratePerMinute: number;
  callbackPrefixes: string[];
}

/**
 * A client system as the access policy's actor (role `client_system`): its regions make its registry
 * scope (policy.ts `registryScope`), its masking decides `canSeeNik`. Every DCI read filters rows with
 * `inScope(registryScope(actor), …)` and shows NIKs by `canSeeNik(actor)`; audit rows name it `dci:NAME`.
 */
export function clientActor(c: Pick<ClientScope, 'id' | 'name' | 'masked' | 'regionCodes'>): Actor {
  return {
    userId: null,
    username: `dci:${c.name}`,
    role: 'client_system',
    regionCodes: c.regionCodes,
    employerId: null,
    partnerId: null,
    client: { id: c.id, name: c.name, masked: c.masked },
  };
}

/** The error codes of the spec's ErrorEnum that Lindung uses. */
export type DciErrorCode =
  | 'err.request.bad'
  | 'err.request.unauthorized'
  | 'err.request.forbidden'
  | 'err.request.not_found'
  | 'err.version.not_supported'
  | 'err.request.too_many_requests'
  | 'err.sender_id.invalid'
  | 'err.sender_uri.invalid'
  | 'err.signature.invalid'
  | 'err.encryption.invalid'
  | 'err.service.unavailable';

/** An error answered with the DCI envelope: `{message: {ack_status: 'ERR', error: {code, message}}}`. */
export class DciError extends Error {
  constructor(
    readonly code: DciErrorCode,
    message: string,
    readonly httpStatus: number,
  ) {
    super(message);
  }
}

/**
 * Normalises an identifier type: 'NIK', 'nik', 'UIN', 'ns:org:IdType:NIK' → 'NIK' | 'KPJ' (UIN is NIK).
 * null for a type Lindung does not hold.
 */
export function idTypeOf(raw: string): 'NIK' | 'KPJ' | null {
  const t = raw.split(':').pop()?.trim().toUpperCase() ?? '';
  if (t === 'NIK' || t === 'UIN') return 'NIK';
  if (t === 'KPJ') return 'KPJ';
  return null;
}

/**
 * The signature policy (decision 0012): Lindung has no registered signing keys yet, so a client
 * must declare its message unsigned (no signature, or a value starting with "unsigned"). Anything
 * else claims to be a signature that cannot be verified and is refused, never silently accepted.
 */
export function checkSignature(signature: unknown): void {
  if (signature === undefined || signature === null) return;
  if (typeof signature === 'string' && /^unsigned(-[A-Za-z0-9_-]{0,40})?$/.test(signature.trim())) return;
  throw new DciError(
    'err.signature.invalid',
    'Tanda tangan pesan tidak dapat diverifikasi (tidak ada kunci terdaftar untuk klien ini) / ' +
      'The message signature cannot be verified (no signing key is registered for this client)',
    401,
  );
}

export function senderUriAllowed(uri: string, prefixes: string[]): boolean {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  return prefixes.some((p) => uri.startsWith(p));
}

/** A participant with what the DCI record needs (from queries.ts). */
export interface PersonRow {
  id: number;
  nik: string;
  kpj: string;
  full_name: string;
  sex: string;
  birth_date: string;
  village_code: string;
  regency_code: string;
  province_code: string;
  province_name: string | null;
  regency_name: string | null;
  segment: string;
  programs: string[];
  status: string;
  registered_on: string;
  active: boolean;
  employer_npp: string | null;
  employer_name: string | null;
  employment_started_on: string | null;
}

function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${w[0]}.`)
    .join(' ');
}

/**
 * A participant as a DCI Person record, cut to the client's field groups and masked as its scope says
 * (the NIK by the access policy's `canSeeNik`). `identifier` is the primary identifier (NIK, the UIN);
 * `identifiers` lists NIK and KPJ.
 */
export function toPerson(
  p: PersonRow,
  scope: Pick<ClientScope, 'id' | 'name' | 'fields' | 'masked' | 'regionCodes'>,
): Record<string, unknown> {
  const has = (g: FieldGroup) => scope.fields.includes(g);
  const masked = (m: Maskable) => scope.masked.includes(m);
  const nik = canSeeNik(clientActor(scope)) ? p.nik : maskNik(p.nik);
  const r: Record<string, unknown> = { '@type': 'Person' };
  if (has('identifiers')) {
    r.identifier = { identifier_type: 'NIK', identifier_value: nik };
    r.identifiers = [
      { identifier_type: 'NIK', identifier_value: nik },
      { identifier_type: 'KPJ', identifier_value: p.kpj },
    ];
  }
  if (has('name')) r.name = { full_name: masked('name') ? maskName(p.full_name) : p.full_name };
  if (has('sex')) r.sex = p.sex === 'F' ? 'female' : 'male';
  if (has('birth_date')) r.birth_date = masked('birth_date') ? p.birth_date.slice(0, 4) : p.birth_date;
  if (has('address'))
    r.address = {
      admin_area_1: p.province_name ?? p.province_code,
      admin_area_1_code: p.province_code,
      admin_area_2: p.regency_name ?? p.regency_code,
      admin_area_2_code: p.regency_code,
      admin_area_4_code: p.village_code,
      country: 'IDN',
    };
  if (has('employment'))
    r.employment = p.employer_npp
      ? {
          status: 'employed',
          employer_id: p.employer_npp,
          employer_name: p.employer_name,
          start_date: p.employment_started_on,
        }
      : { status: 'not_employed' };
  if (has('coverage'))
    r.coverage = {
      enrolled: true,
      enrolled_on: p.registered_on,
      registration_status: p.status,
      active: p.active,
      segment: p.segment,
      programs: p.programs,
    };
  return r;
}

/**
 * Attributes a query may filter on, with the field group a client needs to use it (a client may
 * not filter on what it may not see). Column expressions are fixed here, never taken from input.
 */
export const QUERY_ATTRIBUTES: Record<
  string,
  { group: FieldGroup; column: string; kind: 'text' | 'date' | 'int' | 'bool' }
> = {
  nik: { group: 'identifiers', column: 'p.nik', kind: 'text' },
  uin: { group: 'identifiers', column: 'p.nik', kind: 'text' },
  kpj: { group: 'identifiers', column: 'p.kpj', kind: 'text' },
  segment: { group: 'coverage', column: 'p.segment', kind: 'text' },
  registration_status: { group: 'coverage', column: 'p.status', kind: 'text' },
  registered_on: { group: 'coverage', column: 'p.registered_on', kind: 'date' },
  active: { group: 'coverage', column: 'active', kind: 'bool' },
  is_vulnerable: { group: 'coverage', column: 'p.is_vulnerable', kind: 'bool' },
  sex: { group: 'sex', column: 'p.sex', kind: 'text' },
  birth_date: { group: 'birth_date', column: 'p.birth_date', kind: 'date' },
  age: { group: 'birth_date', column: 'age', kind: 'int' },
  province_code: { group: 'address', column: 'p.province_code', kind: 'text' },
  regency_code: { group: 'address', column: 'p.regency_code', kind: 'text' },
  village_code: { group: 'address', column: 'p.village_code', kind: 'text' },
  employer_id: { group: 'employment', column: 'employer_npp', kind: 'text' },
};

export const OPERATORS = ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in'] as const;
export type Operator = (typeof OPERATORS)[number];

/** One condition of a query after parsing: attribute, operator and value(s), all checked. */
export interface Condition {
  attribute: string;
  op: Operator;
  value: string | number | boolean | Array<string | number>;
}
export type Filter = { all: Filter[] } | { any: Filter[] } | { not: Filter } | Condition;

export class QueryRejected extends Error {
  constructor(
    readonly reasonCode: 'rjct.search_criteria.invalid' | 'rjct.pagination.invalid' | 'rjct.filter.invalid',
    message: string,
  ) {
    super(message);
  }
}

function condition(
  attribute: string,
  op: string,
  value: unknown,
  scope: Pick<ClientScope, 'fields'>,
): Condition {
  const name = attribute.trim().toLowerCase();
  const a = QUERY_ATTRIBUTES[name];
  if (!a)
    throw new QueryRejected(
      'rjct.search_criteria.invalid',
      `Atribut "${attribute}" tidak dikenal / unknown attribute "${attribute}" (known: ${Object.keys(QUERY_ATTRIBUTES).join(', ')})`,
    );
  if (!scope.fields.includes(a.group))
    throw new QueryRejected(
      'rjct.search_criteria.invalid',
      `Atribut "${attribute}" di luar cakupan klien / attribute "${attribute}" is outside this client's scope`,
    );
  if (!(OPERATORS as readonly string[]).includes(op))
    throw new QueryRejected(
      'rjct.search_criteria.invalid',
      `Operator "${op}" tidak dikenal / unknown operator`,
    );
  const o = op as Operator;
  const scalar = (v: unknown): string | number | boolean => {
    if (a.kind === 'int') {
      const n = Number(v);
      if (!Number.isInteger(n))
        throw new QueryRejected(
          'rjct.search_criteria.invalid',
          `${attribute}: bilangan bulat / integer expected`,
        );
      return n;
    }
    if (a.kind === 'bool') {
      if (v === true || v === 'true') return true;
      if (v === false || v === 'false') return false;
      throw new QueryRejected('rjct.search_criteria.invalid', `${attribute}: true/false`);
    }
    if (typeof v !== 'string' && typeof v !== 'number')
      throw new QueryRejected(
        'rjct.search_criteria.invalid',
        `${attribute}: nilai teks / text value expected`,
      );
    const s = String(v);
    if (a.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(s))
      throw new QueryRejected('rjct.search_criteria.invalid', `${attribute}: format YYYY-MM-DD`);
    if (name === 'sex') {
      const x = s.toLowerCase();
      return x === 'female' || x === 'f' ? 'F' : x === 'male' || x === 'm' ? 'M' : s;
    }
    return s;
  };
  if (o === 'in') {
    if (!Array.isArray(value) || value.length === 0 || value.length > 1000)
      throw new QueryRejected(
        'rjct.search_criteria.invalid',
        `${attribute}: "in" butuh daftar 1–1000 nilai / "in" needs a list of 1–1000 values`,
      );
    return { attribute: name, op: o, value: value.map((v) => scalar(v) as string | number) };
  }
  if (a.kind === 'bool' && o !== 'eq' && o !== 'ne')
    throw new QueryRejected('rjct.search_criteria.invalid', `${attribute}: hanya eq/ne / only eq/ne`);
  return { attribute: name, op: o, value: scalar(value) };
}

const EXPRESSION_OPS: Record<string, Operator> = {
  $eq: 'eq',
  $ne: 'ne',
  $lt: 'lt',
  $lte: 'le',
  $gt: 'gt',
  $gte: 'ge',
  $in: 'in',
};

/** `{$and: [{age: {$lt: 25}}, …]}` (the spec's expression example) → a Filter. */
export function parseExpression(q: unknown, scope: Pick<ClientScope, 'fields'>, depth = 0): Filter {
  if (depth > 8)
    throw new QueryRejected('rjct.search_criteria.invalid', 'Ekspresi terlalu dalam / expression too deep');
  if (!q || typeof q !== 'object' || Array.isArray(q))
    throw new QueryRejected(
      'rjct.search_criteria.invalid',
      'Ekspresi harus objek / expression must be an object',
    );
  const parts: Filter[] = [];
  for (const [k, v] of Object.entries(q as Record<string, unknown>)) {
    if (k === '$and' || k === '$or') {
      if (!Array.isArray(v) || v.length === 0)
        throw new QueryRejected(
          'rjct.search_criteria.invalid',
          `${k}: daftar tidak kosong / non-empty list expected`,
        );
      const sub = v.map((x) => parseExpression(x, scope, depth + 1));
      parts.push(k === '$and' ? { all: sub } : { any: sub });
    } else if (k === '$not') {
      parts.push({ not: parseExpression(v, scope, depth + 1) });
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [op, val] of Object.entries(v as Record<string, unknown>)) {
        const o = EXPRESSION_OPS[op];
        if (!o)
          throw new QueryRejected(
            'rjct.search_criteria.invalid',
            `Operator "${op}" tidak dikenal / unknown operator`,
          );
        parts.push(condition(k, o, val, scope));
      }
    } else {
      parts.push(condition(k, 'eq', v, scope));
    }
  }
  if (parts.length === 0)
    throw new QueryRejected('rjct.search_criteria.invalid', 'Ekspresi kosong / empty expression');
  return parts.length === 1 ? parts[0]! : { all: parts };
}

export interface PredicateItem {
  seq_num?: number;
  expression1: { attribute_name: string; operator: string; attribute_value: unknown };
  condition?: string;
  expression2?: { attribute_name: string; operator: string; attribute_value: unknown };
}

/** The spec's predicate list: items in seq_num order, each `e1 [and|or|not e2]`, all items and-ed. */
export function parsePredicate(items: PredicateItem[], scope: Pick<ClientScope, 'fields'>): Filter {
  if (items.length === 0 || items.length > 50)
    throw new QueryRejected('rjct.search_criteria.invalid', 'Predikat: 1–50 butir / predicate: 1–50 items');
  const sorted = [...items].sort((a, b) => (a.seq_num ?? 0) - (b.seq_num ?? 0));
  const all: Filter[] = sorted.map((it) => {
    const e1 = condition(
      it.expression1.attribute_name,
      it.expression1.operator,
      it.expression1.attribute_value,
      scope,
    );
    if (!it.expression2) return e1;
    const e2 = condition(
      it.expression2.attribute_name,
      it.expression2.operator,
      it.expression2.attribute_value,
      scope,
    );
    if (it.condition === 'or') return { any: [e1, e2] };
    if (it.condition === 'not') return { all: [e1, { not: e2 }] };
    return { all: [e1, e2] };
  });
  return all.length === 1 ? all[0]! : { all };
}

export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 100;

export function pageOf(p: { page_size?: number; page_number?: number } | undefined): {
  size: number;
  number: number;
} {
  const size = p?.page_size ?? DEFAULT_PAGE_SIZE;
  const number = p?.page_number ?? 1;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE || !Number.isInteger(number) || number < 1)
    throw new QueryRejected(
      'rjct.pagination.invalid',
      `Halaman tidak valid (page_size 1–${MAX_PAGE_SIZE}, page_number ≥ 1) / invalid pagination`,
    );
  return { size, number };
}
