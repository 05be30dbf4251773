export default definePageConfig({
  navigationBarTitleText: '门店管理',
  navigationBarBackgroundColor: '#173129',
});
