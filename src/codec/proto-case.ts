/**
 * Moves kv.proto messages between the two object shapes we use: the
 * protobufjs root of raft-codec (keepCase: false → camelCase fields and oneof
 * member names) and proto-loader's generated `__Output` shapes (snake_case,
 * int64 and enums as strings, defaults filled, the oneof's member name in its
 * virtual field), which the gRPC handlers hand us. Driven by the reflected
 * schema, so a field added to kv.proto converts without code changes.
 */
import protobuf from 'protobufjs';

type Plain = Record<string, unknown>;

/** protobufjs camelCases `create_revision` to `createRevision`; our field names never hold digits or capitals, so this inverts it. */
function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function isPlain(v: unknown): v is Plain {
  return typeof v === 'object' && v !== null && !(v instanceof Uint8Array) && !Array.isArray(v);
}

/** Per message type, its fields with their snake_case names, worked out once (this runs per command). */
interface FieldPlan {
  readonly camel: string;
  readonly snake: string;
  readonly nested: protobuf.Type | undefined;
  readonly repeated: boolean;
  readonly long: boolean;
}
interface TypePlan {
  readonly fields: readonly FieldPlan[];
  readonly oneofs: readonly { readonly camel: string; readonly snake: string }[];
}

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const plans = new WeakMap<protobuf.Type, TypePlan>();
const snakeOfMember = new Map<string, string>();

function planOf(type: protobuf.Type): TypePlan {
  let plan = plans.get(type);
  if (plan === undefined) {
    plan = {
      fields: type.fieldsArray.map((field) => {
        const nested = field.resolve().resolvedType;
        return {
          camel: field.name,
          snake: snakeCase(field.name),
          nested: nested instanceof protobuf.Type ? nested : undefined,
          repeated: field.repeated,
          long: LONG_TYPES.has(field.type),
        };
      }),
      oneofs: type.oneofsArray.map((o) => ({ camel: o.name, snake: snakeCase(o.name) })),
    };
    for (const f of plan.fields) snakeOfMember.set(f.camel, f.snake);
    plans.set(type, plan);
  }
  return plan;
}

/** A snake_case object (an `__Output` or a plain request) → the camelCase object protobufjs `fromObject` reads. */
function toCamel(type: protobuf.Type, obj: Plain): Plain {
  const out: Plain = {};
  for (const f of planOf(type).fields) {
    const v = obj[f.snake];
    if (v === undefined || v === null) continue;
    const nested = f.nested;
    if (nested !== undefined) {
      out[f.camel] = f.repeated
        ? (v as unknown[]).map((item) => (isPlain(item) ? toCamel(nested, item) : item))
        : isPlain(v)
          ? toCamel(nested, v)
          : v;
    } else if (f.long && typeof v === 'string') {
      // Long.fromString is slow; a number converts fast and exactly when safe.
      const n = Number(v);
      out[f.camel] = Number.isSafeInteger(n) ? n : v;
    } else {
      out[f.camel] = v;
    }
  }
  return out;
}

/** A camelCase object from protobufjs `toObject` → the snake_case `__Output` shape. */
function toSnake(type: protobuf.Type, obj: Plain): Plain {
  const out: Plain = {};
  const plan = planOf(type);
  for (const f of plan.fields) {
    if (!(f.camel in obj)) continue;
    const v = obj[f.camel];
    const nested = f.nested;
    if (nested !== undefined && v !== null && v !== undefined) {
      out[f.snake] = f.repeated
        ? (v as unknown[]).map((item) => (isPlain(item) ? toSnake(nested, item) : item))
        : isPlain(v)
          ? toSnake(nested, v)
          : v;
    } else {
      out[f.snake] = v;
    }
  }
  for (const oneof of plan.oneofs) {
    const member = obj[oneof.camel];
    if (typeof member === 'string') out[oneof.snake] = snakeOfMember.get(member) ?? snakeCase(member);
  }
  return out;
}

/** The options proto-loader uses (client-protos.ts LOADER_OPTIONS), so decoded objects match the generated `__Output` types. */
const TO_OBJECT: protobuf.IConversionOptions = { longs: String, enums: String, defaults: true, oneofs: true };

/** A protobufjs message for `type` from a snake_case object. */
export function fromOutputShape(type: protobuf.Type, obj: object): protobuf.Message {
  return type.fromObject(toCamel(type, obj as Plain));
}

/** A decoded protobufjs message as the snake_case `__Output` shape of `type`. */
export function toOutputShape<T>(type: protobuf.Type, message: protobuf.Message): T {
  return toSnake(type, type.toObject(message, TO_OBJECT)) as T;
}
