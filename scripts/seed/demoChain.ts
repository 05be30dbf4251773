/**
 * The demo chain's fixed facts (scripts/seed/demo.ts): 5 stores in East China and their
 * staff, the product categories with their price ranges, and the names members are drawn from.
 */
const DAY = 86_400_000;

export const DEMO_STORES = [
  {
    id: 'S001',
    name: '南京西路店',
    city: '上海',
    area: '上海区',
    address: '上海市静安区南京西路 1266 号',
  },
  {
    id: 'S002',
    name: '徐家汇店',
    city: '上海',
    area: '上海区',
    address: '上海市徐汇区虹桥路 1 号',
  },
  {
    id: 'S003',
    name: '新街口店',
    city: '南京',
    area: '江苏区',
    address: '南京市玄武区中山路 18 号',
  },
  {
    id: 'S004',
    name: '湖滨银泰店',
    city: '杭州',
    area: '浙江区',
    address: '杭州市上城区延安路 258 号',
  },
  {
    id: 'S005',
    name: '苏州中心店',
    city: '苏州',
    area: '江苏区',
    address: '苏州市工业园区苏绣路 88 号',
  },
];

export const CATEGORIES = [
  {
    name: '家居清洁',
    items: ['浓缩洗衣液', '厨房重油污清洁剂', '除菌地板清洁片', '玻璃清洁喷雾'],
    price: [1990, 8900],
  },
  {
    name: '个人护理',
    items: ['氨基酸洗发水', '薰衣草沐浴露', '护手霜礼盒', '竹炭牙膏'],
    price: [2590, 12900],
  },
  {
    name: '季节限定',
    items: ['冬季香氛蜡烛', '桂花香薰', '圣诞礼盒', '防晒喷雾'],
    price: [3900, 19900],
  },
  {
    name: '厨房用品',
    items: ['不粘煎锅', '硅胶锅铲套装', '保鲜盒 6 件套', '陶瓷餐具'],
    price: [2990, 25900],
  },
  {
    name: '收纳整理',
    items: ['衣物收纳箱', '抽屉分隔盒', '真空压缩袋', '桌面收纳架'],
    price: [1590, 9900],
  },
];

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万钱严覃武戴莫孔向常汤康易乔赖文';
export const GIVEN_F = [
  '丽',
  '娜',
  '静',
  '敏',
  '芳',
  '婷',
  '雪',
  '琳',
  '慧',
  '洁',
  '颖',
  '倩',
  '佳怡',
  '雨桐',
  '晓燕',
  '梦瑶',
  '欣然',
  '思琪',
];
export const GIVEN_M = [
  '伟',
  '强',
  '磊',
  '军',
  '杰',
  '涛',
  '斌',
  '浩',
  '鹏',
  '宇',
  '志明',
  '建华',
  '俊杰',
  '子轩',
  '浩然',
];

/** The demo chain's stores and their staff: 2 clerks and a manager per store, and HQ. */
export function demoStoresAndStaff(now: number) {
  const stores = DEMO_STORES.map((s) => ({
    _id: s.id,
    name: s.name,
    city: s.city,
    /** the reports group category sales by it */
    area: s.area,
    address: s.address,
    active: true,
    createdAt: now - 400 * DAY,
  }));
  const staff: Record<string, unknown>[] = [];
  const clerkNames = [
    '王芳',
    '李娜',
    '陈静',
    '刘婷',
    '张敏',
    '赵雪',
    '孙丽',
    '周洁',
    '吴倩',
    '郑颖',
  ];
  const managerNames = ['赵敏', '钱雯', '孙倩', '李慧', '周琳'];
  DEMO_STORES.forEach((s, i) => {
    for (let k = 1; k <= 2; k++) {
      staff.push({
        _id: `C${s.id.slice(1)}${k}`,
        name: clerkNames[i * 2 + k - 1],
        storeId: s.id,
        role: 'clerk',
        openid: `o_demo_clerk_${s.id}_${k}`,
        active: true,
        createdAt: now - 400 * DAY,
      });
    }
    staff.push({
      _id: `M${s.id.slice(1)}`,
      name: managerNames[i],
      storeId: s.id,
      role: 'manager',
      openid: `o_demo_manager_${s.id}`,
      active: true,
      createdAt: now - 400 * DAY,
    });
  });
  staff.push({
    _id: 'HQ01',
    name: '总部运营·沈琳',
    storeId: null,
    role: 'hq',
    openid: 'o_demo_hq',
    active: true,
    createdAt: now - 400 * DAY,
  });
  const clerksByStore = new Map(
    DEMO_STORES.map((s) => [
      s.id,
      staff.filter((x) => x.storeId === s.id && x.role === 'clerk').map((x) => String(x._id)),
    ]),
  );
  return { stores, staff, clerksByStore };
}
