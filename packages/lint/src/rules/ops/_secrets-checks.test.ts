import {
  base62,
  bech32Checksum,
  crc32,
  hasBase62Checksum,
  isNameLike,
  isReference,
  isRepetitive,
  isSequential,
  isValidBech32,
  looksLikeRealPassword,
  looksRandom,
  shannonEntropy,
} from "@ops-skill/core/secrets";
import { describe, expect, it } from "vitest";
import { fakes } from "../../../test/secrets/fakes.js";

describe("check digits", () => {
  it("computes CRC-32 as zlib does", () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
    expect(crc32("")).toBe(0);
  });

  it("writes base62 with digits, then upper, then lower case, padded", () => {
    expect(base62(0, 6)).toBe("000000");
    expect(base62(61, 1)).toBe("z");
    expect(base62(62, 6)).toBe("000010");
    expect(base62(0xffffffff, 6)).toBe("4gfFC3");
  });

  it("accepts a GitHub or npm body whose last six characters are its CRC-32", () => {
    const f = fakes(1);
    expect(hasBase62Checksum(f.githubToken().slice(4))).toBe(true);
    expect(hasBase62Checksum(f.npmToken().slice(4))).toBe(true);
    expect(hasBase62Checksum(f.githubTokenBadChecksum().slice(4))).toBe(false);
    // GitHub's documentation shows this token; its check digits do not match.
    expect(hasBase62Checksum("16C7e42F292c6912E7710c838347Ae178B4a")).toBe(false);
    expect(hasBase62Checksum("short")).toBe(false);
  });

  it("checks bech32 as BIP 173 does", () => {
    expect(isValidBech32("a12uel5l")).toBe(true);
    expect(isValidBech32("A12UEL5L")).toBe(true);
    expect(isValidBech32("a12uel5m")).toBe(false);
    expect(isValidBech32("A12uel5l")).toBe(false);
    const data = [3, 1, 4, 1, 5, 9, 2, 6];
    expect(
      isValidBech32(
        `hrp1${data.map((d) => "qpzry9x8gf2tvdw0s3jn54khce6mua7l"[d]).join("")}${bech32Checksum("hrp", data)}`,
      ),
    ).toBe(true);
    expect(isValidBech32(fakes(2).ageKey())).toBe(true);
  });
});

describe("stand-ins", () => {
  it("takes counting for a stand-in", () => {
    expect(isSequential("SyA1B2C3D4E5F6G7H8I9J0K1L2M3N4O5P6Q")).toBe(true);
    expect(isSequential("abc123~defGHI456jklMNO789pqrSTU")).toBe(true);
    expect(isSequential("xx12345yy")).toBe(true);
    expect(isSequential("ZYXWVq")).toBe(true);
    expect(
      isSequential(
        fakes(3).pick("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 40),
      ),
    ).toBe(false);
  });

  it("takes a unit said over and over for a stand-in", () => {
    expect(isRepetitive("xxxxxxxxxxxxxxxx")).toBe(true);
    expect(isRepetitive("Ab1Ab1Ab1Ab1Ab1Ab1")).toBe(true);
    expect(isRepetitive("hunter2hunter2", 2)).toBe(false);
    expect(isRepetitive(fakes(4).awsSecret())).toBe(false);
  });

  it("measures entropy in bits per character", () => {
    expect(shannonEntropy("aaaa")).toBe(0);
    expect(shannonEntropy("abcd")).toBe(2);
    expect(looksRandom("0".repeat(40), 3)).toBe(false);
    expect(looksRandom(fakes(5).awsSecret(), 3.8)).toBe(true);
    expect(looksRandom("EXAMPLEKEYabcXq81Lm", 2)).toBe(false);
  });

  it("tells names, paths and references from values", () => {
    for (const name of ["SendGridApiKey", "prod-db-credentials", "SENDGRID_API_KEY", "my-app.v2"])
      expect(isNameLike(name), name).toBe(true);
    expect(isNameLike("Xk9-mP2-vL8")).toBe(false);
    for (const ref of [
      "path/to/credentials.json",
      "/run/secrets/db",
      "https://vault.internal",
      "@apollo-api-key",
      "$DB_PASSWORD",
      "projects/p/secrets/api-key/versions/latest",
      "arn:aws:secretsmanager:us-east-1:1:secret:x",
      "ops@acme.example",
    ])
      expect(isReference(ref), ref).toBe(true);
  });
});

describe("looksLikeRealPassword", () => {
  it("accepts what someone really typed", () => {
    expect(looksLikeRealPassword("hunter2hunter2")).toBe(true);
    expect(looksLikeRealPassword("S3cretPassw0rd")).toBe(true);
    expect(looksLikeRealPassword(fakes(6).password())).toBe(true);
  });

  it.each([
    "{BearerToken}",
    "Test123!",
    "SendGridApiKey",
    "path/to/credentials.json",
    "abc123~defGHI456jklMNO789pqrSTU",
    "ReviewDemo2025!",
    "changeme",
    "<password>",
    `$${"{"}DB_PASSWORD}`,
    "xxxxxxxxxxxx",
    "12345678",
    "password123",
    "SuperSecret123!",
    "MySecurePassword123!",
    "your_api_key_here",
    "0x514910771af9ca656af840dff83e8264ecf986ca",
    "repoV2/$PROJECT/$REPO_ID",
  ])("rejects %s", (value) => {
    expect(looksLikeRealPassword(value)).toBe(false);
  });

  it("rejects a password equal to its user", () => {
    expect(looksLikeRealPassword("postgres9", "postgres9")).toBe(false);
  });
});
