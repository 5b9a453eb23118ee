/**
 * Stand-in for the public security bureau's household registration system (户籍), reached through
 * the district's data-sharing exchange: REST with app-key request signing, the exchange's own
 * error codes in a JSON envelope, a batch query and a daily change list of cancellations.
 * Read-only for this platform.
 */
import express from 'express';
import type { StandInDefinition } from '../shared/standIn';
import { exchangeOptionsFromEnv } from './config';
import { householdRegistrationRoutes, type ExchangeOptions } from './routes';
import { SCHEMA_SQL, seedRegistrations } from './store';
import { exchangeError } from './wire';

/** The stand-in with explicit exchange options (tests); without them it reads HOUSEHOLD_REGISTRATION_* when it starts. */
export function householdRegistrationStandInWith(options?: ExchangeOptions): StandInDefinition {
  return {
    system: 'HOUSEHOLD_REGISTRATION',
    schemaSql: SCHEMA_SQL,
    seed: seedRegistrations,
    // The signature is over the raw bytes: the body is parsed only after it is checked.
    bodyParsers: [express.raw({ type: () => true, limit: '1mb' })],
    routes: (router, ctx) => householdRegistrationRoutes(router, ctx, options ?? exchangeOptionsFromEnv()),
    errorReply: (res) => exchangeError(res, 'E5000'),
  };
}

export const householdRegistrationStandIn: StandInDefinition = householdRegistrationStandInWith();
