/**
 * 门店管理 (HQ): the chain's stores, open and closed, with their bound staff
 * (`staff.listChainStores`); open a store or edit one in a sheet (checked by the functions'
 * own `storeFormSchema` before it is sent), close a store without bound staff or reopen it
 * (`staff.setStoreActive`), and go to a store's 店员管理. Every change is in the audit log.
 */
import { useRef, useState } from 'react';
import Taro from '@tarojs/taro';
import { Text, View } from '@tarojs/components';
import type { ChainStoreView } from '@/contracts/chainStores';
import type { StaffView } from '@/contracts/staff';
import { storeFormSchema, type StoreForm } from '@/domain/chainStores';
import { callFunction } from '@/services/cloud';
import { newRequestId } from '@/services/requestId';
import { toCallError, useCall } from '@/services/useCall';
import { ConfirmSheet } from '@/components/ConfirmSheet';
import { Sheet } from '@/components/Sheet';
import { ErrorView, LoadingView } from '@/components/StatusView';
import { formatDate } from '@/components/format';
import { Button, Input } from '@/components/nut';
import { StaffGate } from '../../StaffGate';
import './index.less';

export default function StoresPage() {
  return <StaffGate roles={['hq']}>{(staff) => <Stores staff={staff} />}</StaffGate>;
}

type Editing = { store: ChainStoreView | null };

function Stores(_props: { staff: StaffView }) {
  const stores = useCall(() => callFunction('staff', { action: 'listChainStores' }), []);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [closing, setClosing] = useState<ChainStoreView | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const setActive = async (store: ChainStoreView, active: boolean) => {
    setBusy(true);
    setError(null);
    try {
      await callFunction('staff', { action: 'setStoreActive', storeId: store.id, active });
      setNotice(`${store.name}已${active ? '重新营业' : '关闭'}`);
      setClosing(null);
      void stores.reload();
    } catch (e) {
      const message = toCallError(e).message;
      if (active) setNotice(message);
      else setError(message);
    } finally {
      setBusy(false);
    }
  };

  const list = stores.data?.stores ?? [];
  return (
    <View className="page staff stores" data-testid="stores">
      <View className="section-title stores__head">
        <Text>门店管理</Text>
        <Text className="muted">
          {stores.data
            ? `${list.filter((s) => s.active).length} 家营业中 · 共 ${list.length} 家`
            : ''}
        </Text>
      </View>
      {notice ? <Text className="stores__notice">{notice}</Text> : null}
      {stores.error ? (
        <ErrorView message={stores.error.message} onRetry={stores.reload} />
      ) : !stores.data ? (
        <LoadingView text="正在读取门店…" />
      ) : (
        <View className="section stores__list">
          {list.map((s) => (
            <View
              key={s.id}
              id={`store-row-${s.id}`}
              className={`store-row${s.active ? '' : ' store-row--closed'}`}
            >
              <View className="store-row__top">
                <Text className="store-row__name">{s.name}</Text>
                <Text className="store-row__id muted">{s.id}</Text>
                <Text
                  className={`store-row__state store-row__state--${s.active ? 'open' : 'closed'}`}
                >
                  {s.active
                    ? '营业中'
                    : `已关闭${s.closedAt ? ` · ${formatDate(s.closedAt)}` : ''}`}
                </Text>
              </View>
              <Text className="store-row__line muted">
                {s.area ? `${s.area} · ` : ''}
                {s.city} · {s.address}
              </Text>
              <Text className="store-row__line">
                店长 {s.managers.length ? s.managers.join('、') : '未绑定'} · 店员 {s.staff.clerk}{' '}
                人
              </Text>
              <View className="store-row__actions">
                <Text
                  className="store-row__action"
                  onClick={() => {
                    setNotice(null);
                    setEditing({ store: s });
                  }}
                >
                  编辑
                </Text>
                {s.active ? (
                  <Text
                    className="store-row__action"
                    onClick={() =>
                      void Taro.navigateTo({ url: `/staff/pages/team/index?storeId=${s.id}` })
                    }
                  >
                    店员
                  </Text>
                ) : null}
                <Text
                  className="store-row__action store-row__action--state"
                  onClick={() => {
                    setNotice(null);
                    setError(null);
                    if (s.active) setClosing(s);
                    else void setActive(s, true);
                  }}
                >
                  {s.active ? '关店' : '重新营业'}
                </Text>
              </View>
            </View>
          ))}
        </View>
      )}
      <View className="stores__add">
        <Button
          id="store-add"
          type="primary"
          block
          onClick={() => {
            setNotice(null);
            setEditing({ store: null });
          }}
        >
          新开门店
        </Button>
      </View>
      {editing ? (
        <StoreSheet
          store={editing.store}
          onClose={() => setEditing(null)}
          onSaved={(text) => {
            setEditing(null);
            setNotice(text);
            void stores.reload();
          }}
        />
      ) : null}
      <ConfirmSheet
        open={closing !== null}
        id="store-close"
        title="关闭门店"
        confirmText="确认关店"
        busy={busy}
        busyText="正在关店…"
        error={error}
        danger
        onConfirm={() => closing && void setActive(closing, false)}
        onCancel={() => setClosing(null)}
      >
        {closing ? (
          <View className="stores__ask">
            <Text className="stores__ask-title">关闭 {closing.name}？</Text>
            <Text className="stores__ask-text">
              关店后，顾客扫这家门店的收银码不能再注册，也不能再邀请员工到这家门店；会员、订单和历史数据都会保留，随时可以重新营业。门店还有已绑定的员工时不能关店。
            </Text>
          </View>
        ) : null}
      </ConfirmSheet>
    </View>
  );
}

const EMPTY: StoreForm = { name: '', city: '', address: '', area: '' };
const FIELDS: { key: keyof StoreForm; label: string; placeholder: string; max: number }[] = [
  { key: 'name', label: '门店名称', placeholder: '如：南京西路店', max: 20 },
  { key: 'city', label: '城市', placeholder: '如：上海', max: 10 },
  { key: 'address', label: '地址', placeholder: '如：上海市静安区南京西路 1266 号', max: 60 },
  { key: 'area', label: '区域（可不填，报表按区域汇总）', placeholder: '如：上海区', max: 10 },
];

function StoreSheet({
  store,
  onClose,
  onSaved,
}: {
  store: ChainStoreView | null;
  onClose: () => void;
  onSaved: (notice: string) => void;
}) {
  const requestId = useRef(newRequestId());
  const [form, setForm] = useState<StoreForm>(
    store
      ? { name: store.name, city: store.city, address: store.address, area: store.area }
      : EMPTY,
  );
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async () => {
    const parsed = storeFormSchema.safeParse(form);
    if (!parsed.success) {
      setError(parsed.error.issues[0].message);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = await callFunction('staff', {
        action: 'saveStore',
        ...parsed.data,
        ...(store ? { storeId: store.id } : {}),
        requestId: requestId.current,
      });
      onSaved(
        r.created
          ? `已新开 ${r.store.name}（${r.store.id}），可以邀请店长和店员了`
          : r.changes.length
            ? `已保存 ${r.store.name}：${r.changes.map((c) => c.label).join('、')}已修改`
            : '没有修改',
      );
    } catch (e) {
      setError(toCallError(e).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Sheet open title={store ? `编辑 ${store.name}` : '新开门店'} onClose={onClose}>
      <View className="store-sheet" id="store-sheet">
        {FIELDS.map((f) => (
          <View key={f.key} className="store-sheet__field">
            <Text className="store-sheet__label">{f.label}</Text>
            <Input
              className={`store-sheet__input store-sheet__input--${f.key}`}
              placeholder={f.placeholder}
              maxLength={f.max}
              value={form[f.key]}
              onChange={(v) => setForm((cur) => ({ ...cur, [f.key]: v }))}
            />
          </View>
        ))}
        {error ? <Text className="error-text store-sheet__error">{error}</Text> : null}
        <Button id="store-save" type="primary" block disabled={busy} onClick={() => void save()}>
          {busy ? '正在保存…' : '保存'}
        </Button>
      </View>
    </Sheet>
  );
}
