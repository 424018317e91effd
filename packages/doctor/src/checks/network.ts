/**
 * The `network` check: every tool the run's skills reach the network with gets out, under the
 * run's effective sandbox (measured in conformance/sandbox): none under `read-only` or
 * `workspace-write` without `network_access`; everything under a profile with the network on;
 * with `features.network_proxy`, only proxy-aware HTTP(S) clients, and only to the hosts of the
 * profile's allowlist (a proxied request elsewhere stops the command). It breaks per tool that
 * cannot get out and per host that is not allowed, naming it.
 */

import { type EffectiveSandbox, hostAllowed } from "@ops-skill/codex/config";
import { readRegularText } from "@ops-skill/core";
import type { Check, DoctorFix, Verdict } from "../model.js";
import type { CommandNeed } from "../needs.js";
import {
  describeNetwork,
  describeSetting,
  needPlace,
  needsNothing,
  originLocation,
  profileName,
  profileText,
  readyRun,
  runNeeds,
} from "./_sandbox-run.js";

export const networkCheck: Check = async (invocation, context) => {
  const ready = await readyRun("network", invocation, context);
  if ("check" in ready) return [ready];
  const { run, sandbox } = ready;
  const needs = runNeeds(run).filter((need) => need.network !== "none");
  if (needs.length === 0)
    return [
      needsNothing(
        "network",
        run,
        "need no network",
        "No command of the skills' procedures, helper scripts or recorded calls reaches the network.",
        invocation,
      ),
    ];
  if (sandbox.error !== undefined || sandbox.readsNothing) return [];
  const setting = describeSetting(sandbox);
  const verdicts: Verdict[] = [];
  const passing = new Set<string>();
  const byTool = new Map<string, (CommandNeed & { skill: string })[]>();
  for (const need of needs) byTool.set(need.display, [...(byTool.get(need.display) ?? []), need]);
  const networkAt = originLocation(sandbox.network.origin, invocation);
  for (const [display, group] of byTool) {
    const first = group[0] as CommandNeed & { skill: string };
    const where = `${first.skill}: ${needPlace(first, context)}`;
    if (sandbox.network.value === "none") {
      verdicts.push({
        check: "network",
        status: "breaks",
        title: `${display} gets no network`,
        reason: `${display} (${where}) reaches ${hostsText(group)}, but the run gets ${setting}: ${describeNetwork(sandbox)}. It fails (curl exit 7, "dial tcp ... connect", a DNS error) and the report says "error".`,
        fix: `Give the run a permission profile with the network on (and no --sandbox flag or sandbox_mode):\n${profileText(profileName(invocation))}`,
        location: networkAt,
      });
      continue;
    }
    if (sandbox.network.value === "full") {
      passing.add(display);
      continue;
    }
    // The proxy: raw TCP/UDP is refused, HTTP(S) only to listed hosts.
    if (group.some((need) => need.network === "raw")) {
      verdicts.push({
        check: "network",
        status: "breaks",
        title: `${display} cannot pass Codex's network proxy`,
        reason: `With features.network_proxy on, commands reach the network only through an HTTP(S) proxy (HTTPS_PROXY), and ${display} (${where}) opens its own TCP or UDP connection, which the sandbox refuses, even to a host of the allowlist.`,
        fix: "Turn features.network_proxy off in the profile (the allowlist then restricts nothing), or do this step with a proxy-aware HTTP(S) client.",
        location: originLocation(sandbox.proxy?.origin, invocation),
      });
      continue;
    }
    const hosts = [...new Set(group.flatMap((need) => need.hosts))];
    const refused = hosts.filter((host) => hostAllowed(sandbox, host) === undefined);
    if (refused.length > 0) {
      const fixes = allowHostsFix(sandbox, refused);
      verdicts.push({
        check: "network",
        status: "breaks",
        title: `${display} reaches ${refused.join(", ")}, which the allowlist does not allow`,
        reason: `With features.network_proxy on, a proxied request to a host the profile does not allow makes Codex stop the whole command ("Network access to ... was blocked"). ${display} (${where}) reaches ${refused.join(", ")}.${apexHint(sandbox, refused)}`,
        fix: `Add each host to the profile's allowlist: ${refused.map((h) => `"${h}" = "allow"`).join(", ")} under [permissions.${sandbox.profile?.value}.network.domains].`,
        location: originLocation(sandbox.allowlist[0]?.origin ?? sandbox.proxy?.origin, invocation),
        ...(fixes.length > 0 ? { fixes } : {}),
      });
      continue;
    }
    if (group.some((need) => need.unnamedHosts)) {
      verdicts.push({
        check: "network",
        status: "cannot-tell",
        title: `${display} reaches hosts the doctor cannot name`,
        reason: `With features.network_proxy on, only the hosts of the allowlist are reachable, and ${display} (${where}) reaches a host its configuration names (a kubeconfig's cluster, a cloud's API endpoints).`,
        fix: "Make sure each host it reaches is on the profile's allowlist, or turn features.network_proxy off.",
        location: originLocation(sandbox.proxy?.origin, invocation),
      });
      continue;
    }
    passing.add(display);
  }
  if (passing.size > 0)
    verdicts.push({
      check: "network",
      status: "works",
      title: `${[...passing].join(", ")} ${passing.size === 1 ? "reaches" : "reach"} the network`,
      reason: `The run gets ${setting}: ${describeNetwork(sandbox)}.`,
      location: networkAt,
    });
  return verdicts;
};

/**
 * A host refused though an entry names it as `*.host`: Codex's proxy matches `*.example.com`
 * to the names under example.com only, not to example.com itself (`**.example.com` matches
 * both; measured, conformance/sandbox `proxy-wildcard-apex`).
 */
function apexHint(sandbox: EffectiveSandbox, refused: readonly string[]): string {
  const hints = refused.flatMap((host) => {
    const entry = sandbox.allowlist.find(
      (e) => e.access === "allow" && e.host.toLowerCase() === `*.${host.toLowerCase()}`,
    );
    return entry === undefined
      ? []
      : [
          ` "${entry.host}" covers the names under ${host}, not ${host} itself: list "${host}" too, or write "**.${host}", which covers both.`,
        ];
  });
  return hints.join("");
}

function hostsText(group: readonly CommandNeed[]): string {
  const hosts = [...new Set(group.flatMap((need) => need.hosts))];
  if (hosts.length > 0) return hosts.join(", ");
  return "the network";
}

/**
 * The edit that adds hosts to the allowlist: the lines after the `[permissions.P.network.domains]`
 * header of the file that holds it.
 */
function allowHostsFix(sandbox: EffectiveSandbox, hosts: readonly string[]): DoctorFix[] {
  const origin = sandbox.allowlist[0]?.origin;
  if (origin?.kind !== "file" || origin.path.startsWith("$")) return [];
  const read = readRegularText(origin.path);
  if (!read.ok) return [];
  // Insert before the line of the first entry: it is in the domains table.
  let offset = 0;
  for (let line = 1; line < origin.line; line++) {
    const next = read.text.indexOf("\n", offset);
    if (next < 0) return [];
    offset = next + 1;
  }
  return [
    {
      kind: "edit",
      path: origin.path,
      start: offset,
      end: offset,
      text: hosts.map((host) => `${JSON.stringify(host)} = "allow"\n`).join(""),
      description: `allow ${hosts.join(", ")} in ${origin.path}`,
    },
  ];
}
