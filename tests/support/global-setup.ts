import { prepareTemplate } from './testdb';

export default async function setup() {
  await prepareTemplate();
}
