import type { CaseFacts } from './model.js';

/** A centre a case can be routed to: who it is, where it works, and how a person reaches it. */
export interface Centre {
  id: string;
  name: string;
  /** Region ids the centre covers, as the flows set them (flanders, brussels, wallonia, …). */
  regions: string[];
  /** True for a centre that takes minors (under 18) from its regions. */
  minors: boolean;
  /** The inbox channel of the centre; none means the installation's default inbox. */
  inboxChannel?: string;
  /** Contact details given to the person; without them the national reporting line is given. */
  phone?: string;
  email?: string;
  /** Where a person can come, e.g. "Leguit 4, 2000 Antwerpen"; left out where the address is kept private. */
  address?: string;
  /** When a person can come, as the person reads it, e.g. "Mon-Fri 9:00-17:00". */
  hours?: string;
  /** When the team answers, e.g. "Mon-Fri 09:00-17:00"; outside them a person is told when to expect an answer. */
  officeHours?: string;
}

/** The numbers every person may need, whatever the centre. */
export interface PublicNumbers {
  emergency: string;
  police: string;
  reportingLine: string;
}

export interface Routing {
  centres: Centre[];
  /** The centre that runs this installation: its numbers are given until a region is known. */
  homeCentre: string;
  numbers: PublicNumbers;
  /** The time zone office hours are in (default Europe/Brussels). */
  timeZone?: string;
}

/** The centre whose office hours apply to a case: the one it is routed to, else the home centre. */
export function answeringCentre(facts: CaseFacts, routing: Routing): Centre | undefined {
  const routed = routeCase(facts, routing.centres);
  if (routed?.officeHours) return routed;
  return routing.centres.find((centre) => centre.id === routing.homeCentre);
}

/**
 * The centre for a case: a minors' centre of the region for someone under 18, else the region's centre,
 * else none (the default inbox and the home centre's numbers).
 */
export function routeCase(facts: CaseFacts, centres: readonly Centre[]): Centre | undefined {
  if (!facts.region) return undefined;
  const inRegion = centres.filter((centre) => centre.regions.includes(facts.region!));
  if (facts.minor === 'yes') {
    const forMinors = inRegion.find((centre) => centre.minors);
    if (forMinors) return forMinors;
  }
  return inRegion.find((centre) => !centre.minors) ?? inRegion[0];
}

/** The values flow texts interpolate ({{centrePhone}}, {{emergencyNumber}}, …) for one case. */
export function flowVariables(facts: CaseFacts, routing: Routing): Record<string, string> {
  const home = routing.centres.find((candidate) => candidate.id === routing.homeCentre);
  const routed = routeCase(facts, routing.centres);
  // A routed centre whose details are unknown still leaves the person a number that works.
  const centre = routed?.phone ? routed : home;
  return {
    centreName: centre?.name ?? '',
    centrePhone: centre?.phone ?? routing.numbers.reportingLine,
    centreEmail: centre?.email ?? home?.email ?? '',
    // The same centre as the phone number, so a person is never sent to one centre's door with another's number.
    centreAddress: centre?.address ?? '',
    centreHours: centre?.hours ?? '',
    reportingLine: routing.numbers.reportingLine,
    emergencyNumber: routing.numbers.emergency,
    policeNumber: routing.numbers.police,
  };
}
