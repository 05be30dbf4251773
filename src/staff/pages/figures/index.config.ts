export default definePageConfig({
  navigationBarTitleText: '门店数据',
  navigationBarBackgroundColor: '#173129',
});
