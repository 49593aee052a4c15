// The law kernel's public API: pure functions of their arguments, `now` and the debtor's zone.

export {
  assertValidPolicy,
  CHANNELS,
  type Channel,
  type ChannelRule,
  type ContactPolicy,
  DEFAULT_FR_POLICY,
  type Jurisdiction,
  mergePolicy,
  type PolicyOverrides,
  parseTimeOfDay,
  type TimeWindow,
  type TotalCap,
  US_REG_F_POLICY,
  WEEKDAYS,
  type Weekday,
} from "./contact-policy";
export { addBusinessDays, isBusinessDay, localDateOf } from "./fr/business-days";
export {
  checkFirstLetter,
  checkLaterMessage,
  FIRST_LETTER_MENTIONS,
  type FirstLetterFacts,
  type FirstLetterMention,
  L111_8_PARAGRAPH_2,
  L111_8_PARAGRAPH_3,
  type LaterMessageMention,
  type LetterClaim,
  type LetterParty,
  type MissingMention,
} from "./fr/first-letter";
export {
  FORBIDDEN_PHRASE_CODES,
  FORBIDDEN_PHRASES,
  type ForbiddenPhrase,
  type ForbiddenPhraseCode,
  type ForbiddenPhraseFinding,
  findForbiddenPhrases,
} from "./fr/forbidden-phrases";
export {
  type CalendarDate,
  easterSunday,
  frenchPublicHolidays,
  isPublicHoliday,
  type PublicHoliday,
} from "./fr/holidays";
export {
  type Acknowledgement,
  type AcknowledgementKind,
  isPrescribed,
  PRESCRIPTION_YEARS,
  type PrescriptionBasis,
  type PrescriptionFacts,
  prescriptionDate,
} from "./fr/prescription";
export {
  type ContactDecision,
  type ContactInput,
  HOLD_REASONS,
  type Hold,
  type HoldReason,
  mayContact,
  type PastContact,
  REFUSAL_REASONS,
  type RefusalReason,
} from "./may-contact";
export { isOverseas, LAW_REGIONS, type LawRegion, OVERSEAS_CODES, type OverseasCode } from "./region";
export { type AddressHint, type ResolvedTimeZone, timeZoneForAddress } from "./time-zone";
