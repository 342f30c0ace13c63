import ExcelJS from "exceljs";
import { join } from "node:path";
import { cellText } from "../../src/cli/taxonomy.js";

/** A citizen message from the Teddy Cup 2020 data (TEST DATA: read at run time, never stored in the repo). */
export interface SourceMessage {
  title: string;
  content: string;
  /** First-level category when the source labels it, or a keyword guess; null when unknown. */
  label: string | null;
  /** Weight in sampling: hot issues (many likes) recur more often. */
  weight: number;
}

export interface TextCorpus {
  messages: SourceMessage[];
  replies: string[];
}

/** Crude first-level guesses for unlabelled messages, in priority order. */
const KEYWORDS: ReadonlyArray<readonly [string, RegExp]> = [
  ["劳动和社会保障", /社保|工资|养老保险|医保|退休|就业|欠薪|拖欠|劳动合同|失业/],
  ["教育文体", /学校|学生|教师|老师|幼儿园|招生|教育|培训机构|体育|图书馆/],
  ["卫生计生", /医院|医生|卫生院|疫苗|药店|药品|计生|生育|食品安全/],
  ["交通运输", /公交|出租车|地铁|车站|高速|客运|网约车|驾校|快递/],
  ["环境保护", /噪音|噪声|污染|排放|异味|扬尘|臭气|环保/],
  ["政法", /派出所|户口|身份证|治安|诈骗|违停|交警|车管所|传销/],
  ["民政", /低保|养老院|残疾|婚姻|社区|救助|殡葬|门牌/],
  ["农村农业", /农村|农民|村委|土地承包|养殖|水库|村民|扶贫/],
  ["商贸旅游", /商家|消费者|旅游|价格|超市|市场监管|虚假宣传|退款/],
  ["经济管理", /税|银行|贷款|电费|燃气|供电|停电|企业/],
  ["科技与信息产业", /宽带|信号|网络|专利|5G|基站/],
  ["国土资源", /征地|国土|矿|土地/],
  ["城乡建设", /物业|小区|房产证|拆迁|施工|道路|路灯|开发商|住房|公积金|停水/],
];

/** Strips the published cells' runs of \n\t and full-width spaces and collapses blank lines. */
export function cleanMessage(s: string): string {
  return s
    .replace(/[\t\u3000\r]+/g, "")
    .replace(/\n\s*\n+/g, "\n")
    .trim();
}

function guessLabel(title: string, content: string): string | null {
  const textToScan = `${title} ${content.slice(0, 200)}`;
  for (const [label, re] of KEYWORDS) if (re.test(textToScan)) return label;
  return null;
}

async function readRows(file: string): Promise<{ header: string[]; rows: string[][] }> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const sheet = wb.worksheets[0];
  const header: string[] = [];
  const rows: string[][] = [];
  const width = sheet.columnCount;
  sheet.eachRow((row, n) => {
    const cells: string[] = [];
    for (let c = 1; c <= width; c++) cells.push(cellText(row.getCell(c).value));
    if (n === 1) header.push(...cells);
    else rows.push(cells);
  });
  return { header, rows };
}

/** Loads messages (attachments 2, 3, 4) and official replies (attachment 4) from the Teddy Cup folder. */
export async function loadCorpus(dir: string): Promise<TextCorpus> {
  const messages: SourceMessage[] = [];
  const replies: string[] = [];
  const seen = new Set<string>();
  const files = [
    "attachment2-sample-labelled-train.xlsx",
    "attachment2-testset-unlabelled.xlsx",
    "attachment3-hot-issues-full.xlsx",
    "attachment4-replies-full.xlsx",
  ];
  for (const file of files) {
    const { header, rows } = await readRows(join(dir, file));
    const col = (name: string) => header.indexOf(name);
    const [iTitle, iContent, iLabel, iLikes, iReply] = [col("留言主题"), col("留言详情"), col("一级分类"), col("点赞数"), col("答复意见")];
    for (const r of rows) {
      const title = cleanMessage(r[iTitle] ?? "");
      const content = cleanMessage(r[iContent] ?? "");
      if (iReply >= 0 && r[iReply]) replies.push(cleanMessage(r[iReply]));
      if (!title || !content || seen.has(title)) continue;
      seen.add(title);
      const labelled = iLabel >= 0 && r[iLabel] ? r[iLabel] : null;
      const likes = iLikes >= 0 ? Number(r[iLikes]) || 0 : 0;
      messages.push({ title, content, label: labelled ?? guessLabel(title, content), weight: 1 + Math.log1p(likes) });
    }
  }
  if (messages.length === 0) throw new Error(`no messages found in ${dir}`);
  return { messages, replies: replies.filter((r) => r.length > 20) };
}
