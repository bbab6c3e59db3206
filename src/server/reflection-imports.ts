/**
 * Restores the imports proto-loader leaves out of the file descriptors it
 * builds. protobufjs names each descriptor after its package
 * ("etcdserverpb.proto") and records no `dependency`, so a file that uses
 * another package's messages (rpc.proto uses mvccpb.KeyValue) cannot be
 * linked by a reflection client: buf curl and grpcurl refuse its services.
 * This adds, to each file, the files that define the types it names.
 *
 * Every definition of one loadSync shares one array of encoded descriptors,
 * so rewriting that array's entries fixes them for the reflection service.
 */
import type { PackageDefinition } from '@grpc/proto-loader';
import { FileDescriptorProto, type IFileDescriptorProto } from 'protobufjs/ext/descriptor';

interface Named {
  readonly name?: string | null;
  readonly field?: readonly { readonly typeName?: string | null }[] | null;
  readonly nestedType?: readonly Named[] | null;
}

interface Service {
  readonly method?: readonly { readonly inputType?: string | null; readonly outputType?: string | null }[] | null;
}

/** The fully qualified names a file's messages and services refer to. */
function references(file: IFileDescriptorProto): string[] {
  const out: string[] = [];
  const visit = (m: Named): void => {
    for (const f of m.field ?? []) if (f.typeName) out.push(f.typeName.replace(/^\./, ''));
    for (const n of m.nestedType ?? []) visit(n);
  };
  for (const m of (file.messageType ?? []) as Named[]) visit(m);
  for (const s of (file.service ?? []) as Service[]) {
    for (const m of s.method ?? []) out.push(...[m.inputType, m.outputType].filter((t): t is string => !!t).map((t) => t.replace(/^\./, '')));
  }
  return out;
}

/** Adds the missing imports to the definition's file descriptors, in place. */
export function addMissingImports(definition: PackageDefinition): void {
  const shared = Object.values(definition).find((d) => 'fileDescriptorProtos' in d)?.fileDescriptorProtos as Buffer[] | undefined;
  if (shared === undefined) return;
  const files = shared.map((b) => FileDescriptorProto.decode(b) as unknown as IFileDescriptorProto);
  // The file whose package is the longest prefix of the type's name.
  const owner = (typeName: string): string | undefined => {
    let best: IFileDescriptorProto | undefined;
    for (const f of files) {
      const pkg = f.package ?? '';
      if (pkg !== '' && typeName.startsWith(`${pkg}.`) && pkg.length > (best?.package ?? '').length) best = f;
    }
    return best?.name ?? undefined;
  };
  files.forEach((file, i) => {
    const needed = new Set(references(file).map(owner).filter((n): n is string => n !== undefined && n !== file.name));
    const missing = [...needed].filter((n) => !(file.dependency ?? []).includes(n));
    if (missing.length === 0) return;
    file.dependency = [...(file.dependency ?? []), ...missing];
    shared[i] = Buffer.from(FileDescriptorProto.encode(file as unknown as Parameters<typeof FileDescriptorProto.encode>[0]).finish());
  });
}
