export default definePageConfig({
  navigationBarTitleText: '店员管理',
  navigationBarBackgroundColor: '#173129',
});
