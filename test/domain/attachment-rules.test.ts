import { describe, expect, it } from "vitest";
import { acceptedType, filenameProblem, servedInline } from "../../src/modules/attachments/attachment.rules.js";

const bytes = (s: string) => new TextEncoder().encode(s);

describe("acceptedType: the stored type comes from the bytes (issue 12, defect 13)", () => {
  const table: [string, string | undefined, string, Uint8Array, string | null][] = [
    // case, sniffed, claimed, head, stored
    ["a PNG", "image/png", "image/png", bytes(""), "image/png"],
    ["a PNG the client calls JPEG", "image/png", "image/jpeg", bytes(""), "image/png"],
    ["a PNG with no claim", "image/png", "application/octet-stream", bytes(""), "image/png"],
    ["a PNG its sender calls an executable", "image/png", "application/x-msdownload", bytes(""), null],
    ["an executable called a PDF", "application/x-msdownload", "application/pdf", bytes("MZ"), null],
    ["a ZIP called a PDF", "application/zip", "application/pdf", bytes("PK"), null],
    ["m4a as file-type names it", "audio/x-m4a", "audio/mp4", bytes(""), "audio/mp4"],
    ["a Word 97 document", "application/x-cfb", "application/msword", bytes(""), "application/msword"],
    ["an OLE file (.msi) called nothing", "application/x-cfb", "application/octet-stream", bytes(""), null],
    ["plain Chinese text", undefined, "text/plain", bytes("已联系诉求人"), "text/plain"],
    ["text cut inside a character", undefined, "text/plain", bytes("已联系").subarray(0, 7), "text/plain"],
    ["HTML called an image", undefined, "image/png", bytes("<!DOCTYPE html><script>"), null],
    ["HTML called text", undefined, "text/plain", bytes("  <html><body>"), null],
    ["SVG", undefined, "text/plain", bytes('<svg xmlns="http://www.w3.org/2000/svg">'), null],
    ["binary with no magic number", undefined, "text/plain", new Uint8Array([0, 1, 2, 3]), null],
    ["invalid UTF-8", undefined, "text/plain", new Uint8Array([0xff, 0xfe, 0x41]), null],
    ["an empty file", undefined, "text/plain", new Uint8Array(), null],
  ];
  it.each(table)("%s", (_name, sniffed, claimed, head, stored) => {
    expect(acceptedType(sniffed, claimed, head)).toBe(stored);
  });
});

describe("file names and serving", () => {
  it.each([
    ["invoice\u202Egnp.exe", false],
    ["a\u2066b.png", false],
    ["x\u200F.png", false],
    ["tab\there.png", false],
    ["line\nbreak.png", false],
    ["c1\u0085.png", false],
    ["现场照片 (1).png", true],
    ["report-2025.pdf", true],
  ])("%j acceptable: %s", (name, ok) => {
    expect(filenameProblem(name) === null).toBe(ok);
  });

  it.each([
    ["image/png", true],
    ["application/pdf", true],
    ["text/plain", false],
    ["audio/mpeg", false],
    ["application/vnd.openxmlformats-officedocument.wordprocessingml.document", false],
  ])("%s inline: %s", (mime, inline) => {
    expect(servedInline(mime)).toBe(inline);
  });
});
