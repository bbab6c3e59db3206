/**
 * The file descriptors server reflection hands out, made what protoc would
 * have produced. proto-loader (protobufjs) describes a map field's entry type
 * under the field's own name (`Statuses` for `map<...> statuses`), where
 * protoc names it `<Field>Entry` (`StatusesEntry`). Reflection clients built
 * on protobuf-go (buf curl, grpcurl) reject such a file, and with it every
 * service it declares: grpc.health.v1's `List` returns a map, so
 * `grpcurl describe grpc.health.v1.Health` failed with "failed to find service
 * named grpc.health.v1.Health in schema" although reflection listed it.
 */
import type { PackageDefinition } from '@grpc/proto-loader';
import * as descriptor from 'protobufjs/ext/descriptor';

interface FieldProto {
  name?: string;
  typeName?: string;
}
interface MessageProto {
  name?: string;
  field?: FieldProto[];
  nestedType?: MessageProto[];
  options?: { mapEntry?: boolean };
}
interface FileProto {
  messageType?: MessageProto[];
}

/** A copy of `definition` whose file descriptors name map entry types as protoc does. */
export function reflectionDefinition(definition: PackageDefinition): PackageDefinition {
  const fixed = new Map<Uint8Array, Uint8Array>();
  const fix = (bin: Uint8Array): Uint8Array => {
    let out = fixed.get(bin);
    if (out === undefined) {
      const file = descriptor.FileDescriptorProto.decode(bin) as unknown as FileProto;
      for (const m of file.messageType ?? []) nameMapEntries(m);
      out = descriptor.FileDescriptorProto.encode(file as unknown as descriptor.IFileDescriptorProto).finish();
      fixed.set(bin, out);
    }
    return out;
  };
  return Object.fromEntries(
    Object.entries(definition).map(([name, value]) => {
      const protos = (value as { fileDescriptorProtos?: unknown }).fileDescriptorProtos;
      return [name, Array.isArray(protos) ? { ...value, fileDescriptorProtos: (protos as Uint8Array[]).map(fix) } : value];
    }),
  ) as PackageDefinition;
}

/** Renames each map entry type nested in `m` (recursively) to `<Field>Entry` and points its field at the new name. */
function nameMapEntries(m: MessageProto): void {
  for (const nested of m.nestedType ?? []) nameMapEntries(nested);
  for (const field of m.field ?? []) {
    const entry = (m.nestedType ?? []).find((n) => n.options?.mapEntry === true && n.name !== undefined && lastName(field.typeName) === n.name);
    if (entry === undefined || field.name === undefined) continue;
    const entryName = `${camel(field.name)}Entry`;
    if (entry.name === entryName) continue;
    const typeName = field.typeName ?? '';
    field.typeName = `${typeName.slice(0, typeName.length - (entry.name ?? '').length)}${entryName}`;
    entry.name = entryName;
  }
}

function lastName(typeName: string | undefined): string {
  return (typeName ?? '').split('.').pop() ?? '';
}

/** protoc's map entry name: the field name in CamelCase (`statuses` → `Statuses`, `label_values` → `LabelValues`). */
function camel(fieldName: string): string {
  return fieldName.split('_').map((part) => (part === '' ? '' : `${part[0]?.toUpperCase() ?? ''}${part.slice(1)}`)).join('');
}
