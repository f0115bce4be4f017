import { z } from 'zod';
import { parseOfficeHours } from './core/office-hours.js';
import type { Centre, PublicNumbers } from './core/routing.js';

/**
 * The Belgian specialised centres, the default routing table. Only contact details Haven's sources confirm
 * are filled in; a centre without them gives the person the national reporting line instead. No office
 * hours are assumed: with "officeHours" ("Mon-Fri 09:00-17:00") a person writing outside them is told when
 * to expect an answer. An installation checks the table with the centres and replaces it with
 * HAVEN_CENTRES (JSON, same shape).
 */
export const BELGIAN_CENTRES: Centre[] = [
  {
    id: 'payoke',
    name: 'Payoke',
    regions: ['flanders'],
    minors: false,
    phone: '+32 3 201 16 90',
    email: 'admin@payoke.be',
    address: 'Leguit 4, 2000 Antwerpen',
  },
  {
    id: 'pag-asa',
    name: 'PAG-ASA',
    regions: ['brussels'],
    minors: false,
  },
  {
    id: 'surya',
    name: 'Sürya',
    regions: ['wallonia'],
    minors: false,
  },
  {
    id: 'minor-ndako',
    name: 'Minor-Ndako',
    regions: ['flanders', 'brussels'],
    minors: true,
  },
  {
    id: 'esperanto',
    name: 'Esperanto',
    regions: ['wallonia'],
    minors: true,
  },
];

export const BELGIAN_NUMBERS: PublicNumbers = {
  emergency: '112',
  police: '101',
  reportingLine: '078 055 800',
};

export const centreSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  regions: z.array(z.string().min(1)),
  minors: z.boolean().default(false),
  inboxChannel: z
    .string()
    .regex(/^[CG][A-Z0-9]+$/, 'a Slack channel id such as C0123ABCD')
    .optional(),
  phone: z.string().min(1).optional(),
  email: z.string().email().optional(),
  address: z.string().min(1).optional(),
  hours: z.string().optional(),
  officeHours: z
    .string()
    .refine((spec) => {
      try {
        parseOfficeHours(spec, 'UTC');
        return true;
      } catch {
        return false;
      }
    }, 'officeHours must look like "Mon-Fri 09:00-17:00" (ranges separated by ";")')
    .optional(),
});

export const centresSchema = z.array(centreSchema).min(1);
