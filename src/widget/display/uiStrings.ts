import type { UiStrings } from './ui/types';

/**
 * The widget's own words, by language. A survey's `thanks` text overrides `thanks`.
 * Languages not listed here get English chrome around the researcher's own texts.
 */
export const UI_STRINGS: Record<string, UiStrings> = {
  en: { close: 'Close survey', next: 'Next', submit: 'Send', skip: 'Skip', thanks: 'Thank you!', announce: 'A short survey has appeared', other: 'Other' },
  de: { close: 'Umfrage schließen', next: 'Weiter', submit: 'Senden', skip: 'Überspringen', thanks: 'Vielen Dank!', announce: 'Eine kurze Umfrage ist erschienen', other: 'Sonstiges' },
  fr: { close: 'Fermer le sondage', next: 'Suivant', submit: 'Envoyer', skip: 'Passer', thanks: 'Merci !', announce: 'Un court sondage est apparu', other: 'Autre' },
  es: { close: 'Cerrar encuesta', next: 'Siguiente', submit: 'Enviar', skip: 'Omitir', thanks: '¡Gracias!', announce: 'Ha aparecido una breve encuesta', other: 'Otro' },
  nl: { close: 'Enquête sluiten', next: 'Volgende', submit: 'Versturen', skip: 'Overslaan', thanks: 'Bedankt!', announce: 'Er is een korte enquête verschenen', other: 'Anders' },
  ar: { close: 'إغلاق الاستبيان', next: 'التالي', submit: 'إرسال', skip: 'تخطي', thanks: 'شكرًا لك!', announce: 'ظهر استبيان قصير', other: 'أخرى' },
  he: { close: 'סגירת הסקר', next: 'הבא', submit: 'שליחה', skip: 'דילוג', thanks: 'תודה!', announce: 'הופיע סקר קצר', other: 'אחר' },
};
