/** The environment variable through which global setup tells the tests where the demo template is. */
export const DEMO_TEMPLATE_ENV = 'FUPIN_E2E_DEMO_TEMPLATE';
export const DEMO_FILE_NAME = '演示数据库.fupin';
export const DEMO_PASSWORD = 'demo2015';
