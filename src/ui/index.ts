export { mountSurvey } from './mount';
