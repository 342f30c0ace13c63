import { Rng } from "./rng.js";

/** A unit of the generated city; ids are assigned here so tickets can reference them before insert. */
export interface CityUnit {
  id: number;
  name: string;
  kind: "center" | "department" | "town" | "section";
  parentId: number | null;
  region: string | null;
  /** First-level categories (Teddy Cup taxonomy) this department is competent for (docs/RULES.md rule 9). */
  sectors: string[];
}

export interface CityUser {
  id: number;
  username: string;
  name: string;
  roles: string[];
  unitId: number | null;
}

export interface City {
  units: CityUnit[];
  users: CityUser[];
  center: CityUnit;
  departments: CityUnit[];
  towns: CityUnit[];
  /** Users by role at the center, and leader/handlers per handler unit, for event actors. */
  centerStaff: Record<"operator" | "dispatcher" | "supervisor" | "follow_up", number[]>;
  unitStaff: Map<number, { leader: number; handlers: number[] }>;
}

/** ~40 municipal departments with the first-level categories they take (派单口径, docs/RULES.md rule 13). */
const DEPARTMENTS: ReadonlyArray<readonly [string, string[]]> = [
  ["市住房和城乡建设委员会", ["城乡建设"]],
  ["市城市管理委员会", ["城乡建设", "环境保护"]],
  ["市规划和自然资源委员会", ["城乡建设", "国土资源"]],
  ["市交通委员会", ["交通运输"]],
  ["市公安局", ["政法"]],
  ["市公安局公安交通管理局", ["政法", "交通运输"]],
  ["市生态环境局", ["环境保护"]],
  ["市水务局", ["城乡建设", "农村农业"]],
  ["市教育委员会", ["教育文体"]],
  ["市人力资源和社会保障局", ["劳动和社会保障"]],
  ["市医疗保障局", ["劳动和社会保障", "卫生计生"]],
  ["市卫生健康委员会", ["卫生计生"]],
  ["市市场监督管理局", ["商贸旅游", "卫生计生"]],
  ["市商务局", ["商贸旅游", "经济管理"]],
  ["市文化和旅游局", ["商贸旅游", "教育文体"]],
  ["市民政局", ["民政"]],
  ["市农业农村局", ["农村农业"]],
  ["市园林绿化局", ["农村农业", "环境保护"]],
  ["市发展和改革委员会", ["经济管理"]],
  ["市财政局", ["经济管理"]],
  ["市税务局", ["经济管理"]],
  ["市地方金融监督管理局", ["经济管理"]],
  ["市国有资产监督管理委员会", ["经济管理"]],
  ["市科学技术委员会", ["科技与信息产业"]],
  ["市经济和信息化局", ["科技与信息产业", "经济管理"]],
  ["市通信管理局", ["科技与信息产业"]],
  ["市司法局", ["政法"]],
  ["市应急管理局", ["城乡建设", "经济管理"]],
  ["市体育局", ["教育文体"]],
  ["市退役军人事务局", ["民政"]],
  ["市民族宗教事务委员会", ["党务政务"]],
  ["市政务服务管理局", ["党务政务"]],
  ["市纪委监委信访室", ["纪检监察"]],
  ["市住房公积金管理中心", ["城乡建设", "劳动和社会保障"]],
  ["市残疾人联合会", ["民政"]],
  ["市妇女联合会", ["党务政务"]],
  ["市供电公司", ["城乡建设"]],
  ["市燃气集团", ["城乡建设"]],
  ["市自来水集团", ["城乡建设"]],
  ["市邮政管理局", ["交通运输"]],
  ["市信访办公室", ["党务政务", "纪检监察"]],
];

const DISTRICTS: ReadonlyArray<readonly [string, boolean]> = [
  ["东湖区", true], ["西山区", true], ["南城区", true], ["北塘区", true], ["江口区", true], ["高新区", true],
  ["经开区", true], ["河西区", true], ["望岳区", true], ["青石区", true], ["临江县", false], ["白沙县", false],
  ["桃源县", false], ["枫林县", false], ["梅溪县", false], ["龙泉县", false],
];

const PLACE_ROOTS =
  "长安 和平 新华 红旗 解放 文化 建设 花园 滨江 青山 桂花 金星 望城 洋湖 东风 人民 前进 永安 丰台 石门 柳林 杨家 白马 黄土 大同 星沙 月湖 清水 兴隆 太平 团结 光明 朝阳 胜利 幸福 振华 育才 新村 广场 龙湾 凤凰 荷塘 松柏 梨园 枫树 湘江 观沙 坪塘 雨花 天心 岳麓 开福 芙蓉 湘湖 南湖 东塘 树木岭 高桥 马坡岭 左家塘 金盆岭 桂花坪 裕南 城南 城北 麓谷 含浦 莲花 雨敞坪 白泉 九溪 乌山 黄花 榔梨 安沙 北山 福临 金井 青竹湖 黄兴 江背 春华 果园 路口 高塘岭 乔口 铜官 靖港 丁字 茶亭 东城 西城 双江 石湾 沙坪 金桥 关山 花桥 石桥 新港 桥头 河口 三江 五里 七星 八一 双塔 塔山"
    .split(" ");

const SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤".split("");
const GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建国志文斌辉鹏宇浩然欣怡子涵梓轩雨桐思远晓东海燕春梅立新德明永红".split("");

/** A plausible Chinese personal name. */
export function personName(rng: Rng): string {
  const given = rng.pick(GIVEN) + (rng.chance(0.7) ? rng.pick(GIVEN) : "");
  return rng.pick(SURNAMES) + given;
}

/** Builds the unit tree (center, departments, towns/streets, sections) and users of every role. */
export function buildCity(rng: Rng, townTarget = 300): City {
  const units: CityUnit[] = [];
  const add = (u: Omit<CityUnit, "id">): CityUnit => {
    const unit = { ...u, id: units.length + 1 };
    units.push(unit);
    return unit;
  };
  const center = add({ name: "市12345政务服务便民热线中心", kind: "center", parentId: null, region: null, sectors: [] });
  const departments = DEPARTMENTS.map(([name, sectors]) => add({ name, kind: "department", parentId: center.id, region: null, sectors }));
  const towns: CityUnit[] = [];
  const perDistrict = Math.ceil(townTarget / DISTRICTS.length);
  for (const [district, urban] of DISTRICTS) {
    const roots = [...PLACE_ROOTS];
    for (let i = 0; i < perDistrict && towns.length < townTarget; i++) {
      const root = roots.splice(rng.int(roots.length), 1)[0];
      const suffix = urban ? (rng.chance(0.85) ? "街道" : "镇") : rng.chance(0.75) ? "镇" : "乡";
      towns.push(add({ name: `${district}${root}${suffix}`, kind: "town", parentId: center.id, region: district, sectors: [] }));
    }
  }
  const sectionNames = ["综合科", "业务一科", "业务二科", "执法队", "社区服务科"];
  for (const dept of departments) {
    for (let s = 0; s < 2; s++) add({ name: `${dept.name}${sectionNames[s]}`, kind: "section", parentId: dept.id, region: null, sectors: [] });
  }
  for (const town of towns) add({ name: `${town.name}${rng.pick(["综合执法队", "社区服务科", "城管科"])}`, kind: "section", parentId: town.id, region: town.region, sectors: [] });

  const users: CityUser[] = [];
  const addUser = (username: string, roles: string[], unitId: number | null): number => {
    const id = users.length + 1;
    users.push({ id, username, name: personName(rng), roles, unitId });
    return id;
  };
  const staff = (prefix: string, role: string, n: number): number[] =>
    Array.from({ length: n }, (_, i) => addUser(`${prefix}${String(i + 1).padStart(3, "0")}`, [role], center.id));
  const centerStaff = {
    operator: staff("op", "operator", 60),
    dispatcher: staff("disp", "dispatcher", 10),
    supervisor: staff("sup", "supervisor", 4),
    follow_up: staff("fu", "follow_up", 16),
  };
  staff("viewer", "viewer", 2);
  const unitStaff = new Map<number, { leader: number; handlers: number[] }>();
  for (const unit of [...departments, ...towns]) {
    const leader = addUser(`u${unit.id}-leader`, ["unit_leader"], unit.id);
    const handlers = [addUser(`u${unit.id}-h1`, ["unit_handler"], unit.id), addUser(`u${unit.id}-h2`, ["unit_handler"], unit.id)];
    unitStaff.set(unit.id, { leader, handlers });
  }
  return { units, users, center, departments, towns, centerStaff, unitStaff };
}
