import type { Labels } from './labels.uk.ts';

/** English names of the domain's enumerations; the `Labels` type keeps the keys in step with Ukrainian. */
export const labelsEn: Labels = {
  'profile.ua_criminal_208': 'CPC art. 208 (no ruling)',
  'profile.ua_ruling_191': 'CPC art. 191 (court ruling)',
  'profile.ua_administrative': 'Administrative (CAO)',
  'profile.ua_administrative_border': 'Administrative, border regime',
  'profile.ew_pace': 'PACE (England and Wales)',

  'recordStatus.detained': 'Detained, not yet delivered',
  'recordStatus.in_custody': 'In the unit',
  'recordStatus.released': 'Released',
  'recordStatus.transferred': 'Transferred',

  'observation.general': 'General',
  'observation.intermittent': 'Intermittent',
  'observation.constant': 'Constant',
  'observation.close_proximity': 'Close proximity',

  'approvalSubject.observation_lowering': 'Lowering the observation level',
  'approvalDecision.approved': 'Approved',
  'approvalDecision.refused': 'Refused',

  'notification.legal_aid_centre': 'Free legal aid centre',
  'notification.relative': 'Relative or person of choice',
  'notification.parents_guardians': 'Parents or guardians',
  'notification.guardianship_authority': 'Guardianship authority',
  'notification.consulate': 'Consulate',
  'notification.child_left_without_care': 'Child left without care: guardianship',
  'notification.prosecutor': 'Prosecutor',

  'obligation.suspicion_notice': 'Notice of suspicion',
  'obligation.court_appearance': 'Bring before a court',
  'obligation.detention_limit': 'Detention limit',
  'obligation.administrative_delivery_stay': 'Stay of a delivered person',
  'obligation.prosecutor_notice': 'Notice to the prosecutor',
  'obligation.pace_review': 'PACE review',
  'obligation.notification': 'Notification',
  'obligation.rights_explained': 'Rights and grounds explained',
  'obligation.delivery_explanation': 'Delivery delay explanation',
  'obligation.interrogation_break': 'Interrogation break',
  'obligation.interrogation_daily': 'Interrogation per day',
  'obligation.juvenile_defender': 'Juvenile’s defender',
  'obligation.cell_check': 'Cell check',
  'obligation.meal': 'Meal',
  'obligation.rest': 'Rest',

  'personKind.identified': 'Identified person',
  'personKind.unidentified': 'Unidentified person',

  'meal.light': 'Light',
  'meal.main': 'Main',

  'substance.alcohol': 'Alcohol',
  'substance.drugs': 'Drugs',
  'substance.unknown': 'Unknown',

  'requestedBy.detainee': 'The detainee',
  'requestedBy.officer': 'A police officer',
  'requestedBy.medical': 'Medical staff',

  'service.ambulance': 'Ambulance',
  'service.unit_medic': 'The unit’s medic',
  'service.hospital': 'Hospital',
  'service.other': 'Other',

  'examination.injuries': 'Injuries',
  'examination.intoxication': 'Intoxication',
  'examination.general': 'General examination',

  'consent.given': 'Given',
  'consent.withdrawn': 'Withdrawn',

  'courtOutcome.custody': 'Custody',
  'courtOutcome.bail': 'Bail',
  'courtOutcome.release': 'Release',
  'courtOutcome.house_arrest': 'House arrest',
  'courtOutcome.other': 'Other',

  'paceAuthorisation.superintendent_extension': 'Superintendent’s extension (to 36 h)',
  'paceAuthorisation.warrant_of_further_detention': 'Warrant of further detention',
  'paceAuthorisation.warrant_extension': 'Extension of the warrant',

  'paceReview.continued': 'Detention continued',
  'paceReview.release_ordered': 'Release ordered',

  'attachment.photo': 'Photo',
  'attachment.document': 'Document',
  'attachment.audio': 'Audio recording',
  'attachment.video': 'Video recording',
  'attachment.other': 'Other',

  'document.rights_notice': 'Notice of rights',
  'document.detention_protocol': 'Detention protocol',
  'document.property_receipt': 'Property receipt',
  'document.record_extract': 'Extract of the record',
  'document.medical_referral': 'Medical referral',
  'document.court_decision': 'Court decision',
  'document.other': 'Other',

  'refusal.wrong_unit': 'A delivery to another unit is recorded as a transfer.',
  'refusal.version_conflict':
    'Another officer has just changed the record. It has been reloaded: try again.',
  'refusal.forbidden': 'Your role does not allow this action.',
  'refusal.not_found': 'Record not found, or not available to you.',
};
