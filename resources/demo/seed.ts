// Seed tables for the fictitious demo data set (虚构演示数据). Village names are real place names of
// 山坡街 (DOMAIN.md), but which of them were poor villages is not published, and every code here
// except the three DOMAIN.md gives (光华 201, 群星 207, 先锋 238) is made up. Units are generic
// district departments; no person named by the demo is a real person.

export interface DemoVillageSeed {
  readonly name: string;
  readonly code: string;
}

/** 21 of the 24 villages DOMAIN.md lists (光明, 星明 and 湖岭 left out), in code order. */
export const DEMO_VILLAGES: readonly DemoVillageSeed[] = [
  { name: '光华村', code: '420115010201' },
  { name: '山新村', code: '420115010202' },
  { name: '幸福村', code: '420115010203' },
  { name: '五星村', code: '420115010204' },
  { name: '光星村', code: '420115010205' },
  { name: '群星村', code: '420115010207' },
  { name: '群力村', code: '420115010208' },
  { name: '丰收村', code: '420115010209' },
  { name: '红星村', code: '420115010210' },
  { name: '元丰村', code: '420115010211' },
  { name: '红专村', code: '420115010212' },
  { name: '跃进村', code: '420115010213' },
  { name: '和尚桥村', code: '420115010214' },
  { name: '大咀村', code: '420115010230' },
  { name: '光辉村', code: '420115010231' },
  { name: '曙光村', code: '420115010232' },
  { name: '邓家洲村', code: '420115010233' },
  { name: '东方红村', code: '420115010234' },
  { name: '新生村', code: '420115010235' },
  { name: '贺站村', code: '420115010237' },
  { name: '先锋村', code: '420115010238' },
];

export const DEMO_TOWN = '山坡街';
export const DEMO_COUNTY_CODE = '420115';

export interface DemoUnitSeed {
  readonly name: string;
  readonly kind: string;
}

const dept = (name: string): DemoUnitSeed => ({ name, kind: '区直部门' });
const mass = (name: string): DemoUnitSeed => ({ name, kind: '群团组织' });
const inst = (name: string): DemoUnitSeed => ({ name, kind: '区属单位' });
const vert = (name: string): DemoUnitSeed => ({ name, kind: '驻区单位' });

/** 66 district departments and units, the helping side of the plan. */
export const DEMO_UNITS: readonly DemoUnitSeed[] = [
  dept('区委办公室'),
  dept('区政府办公室'),
  dept('区人大常委会办公室'),
  dept('区政协办公室'),
  dept('区纪委（监察局）'),
  dept('区委组织部'),
  dept('区委宣传部'),
  dept('区委统战部'),
  dept('区委政法委'),
  dept('区委政策研究室'),
  dept('区直机关工委'),
  dept('区编办'),
  dept('区委党校'),
  dept('区档案局'),
  dept('区发改委'),
  dept('区经信委'),
  dept('区教育局'),
  dept('区科技局'),
  dept('区公安分局'),
  dept('区民政局'),
  dept('区司法局'),
  dept('区财政局'),
  dept('区人社局'),
  dept('区国土资源和规划分局'),
  dept('区环保局'),
  dept('区城乡建设局'),
  dept('区城管局'),
  dept('区交通运输局'),
  dept('区水务局'),
  dept('区农业局'),
  dept('区林业局'),
  dept('区商务局'),
  dept('区文体局'),
  dept('区卫计委'),
  dept('区审计局'),
  dept('区国资委'),
  dept('区安监局'),
  dept('区统计局'),
  dept('区物价局'),
  dept('区食药监局'),
  dept('区房管局'),
  dept('区旅游局'),
  dept('区园林局'),
  dept('区粮食局'),
  dept('区信访局'),
  dept('区法制办'),
  dept('区金融办'),
  dept('区招商局'),
  dept('区农机局'),
  dept('区水产局'),
  mass('区总工会'),
  mass('团区委'),
  mass('区妇联'),
  mass('区科协'),
  mass('区残联'),
  mass('区工商联'),
  mass('区红十字会'),
  inst('区供销社'),
  inst('区城投公司'),
  inst('区建投公司'),
  inst('区公共资源交易中心'),
  inst('区人民医院'),
  vert('区人民法院'),
  vert('区人民检察院'),
  vert('区工商分局'),
  vert('区地税局'),
];

/** Common surnames, with Hubei's frequent ones (胡, 熊, 涂, 喻, 万) a little more often. */
export const SURNAMES: readonly string[] = [
  ...'王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许沈曾彭吕苏卢蒋蔡贾丁魏薛叶余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文涂喻付柯严鲁聂童',
  ...'胡熊涂喻万王李张刘陈',
];

/** Given-name characters by sex and by the era a person was born in, as names of the time ran. */
export const GIVEN_CHARS = {
  male: {
    old: [...'德福财贵生根山林发富春友全元成庆荣国宝顺祥金海义和'],
    mid: [...'国建华明军志勇伟强平文春海林忠兵波东红卫新辉刚斌涛峰亮'],
    young: [...'浩宇鹏磊凯俊超鑫博阳轩睿杰晨子豪天昊泽航宸铭奕一诚'],
  },
  female: {
    old: [...'秀英兰珍凤芳梅桂花菊莲玉翠娥春香荣云凤霞'],
    mid: [...'丽红艳华芳敏静霞燕娟玲萍琴慧梅英洁莉红丹'],
    young: [...'欣怡涵雨佳思诗梓萱琪婷悦雪晴可馨妍彤瑶若'],
  },
} as const;

/** Job titles of dispatched cadres, most junior first. */
export const CADRE_TITLES: readonly string[] = ['科员', '副主任科员', '主任科员', '副科长', '科长', '副局长'];
